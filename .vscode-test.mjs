// @vscode/test-cli configuration: runs the in-editor mocha suite (bundled by scripts/build.mjs to
// dist/test/vscode/index.js) in a desktop VS Code downloaded by @vscode/test-electron. Offline
// machines run the same bundle in code-server instead (see test/e2e and docs/lsp.md).
import { defineConfig } from "@vscode/test-cli";

export default defineConfig([
  {
    label: "in-editor",
    files: "dist/test/vscode/index.js",
    workspaceFolder: "examples",
    version: "stable",
    mocha: { ui: "bdd", timeout: 60_000 },
    launchArgs: ["--disable-extensions", "--disable-workspace-trust"],
  },
  {
    label: "minimum-engine",
    files: "dist/test/vscode/index.js",
    workspaceFolder: "examples",
    version: "1.95.0",
    mocha: { ui: "bdd", timeout: 60_000 },
    launchArgs: ["--disable-extensions", "--disable-workspace-trust"],
  },
]);
