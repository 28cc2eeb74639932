// The .vsix users install: under the 5 MB goal, bundled (no node_modules, no source maps, no
// tests), with the manifest's icon and changelog, and accepted by `code-server --install-extension`.
import { VSIX_SIZE_GOAL_BYTES, formatSize } from "../../../scripts/package.mjs";

/** @type {import("./types.mjs").Scenario} */
export default {
  name: "packaged-vsix",
  title: "the packaged .vsix is small, bundled and installs",
  async run({ packaged, installed, log }) {
    log(`${packaged.file}: ${formatSize(packaged.bytes)}, ${packaged.files.length} files`);
    if (packaged.bytes > VSIX_SIZE_GOAL_BYTES) {
      throw new Error(`the .vsix is ${formatSize(packaged.bytes)}, over the 5 MB goal`);
    }
    const unwanted = packaged.files.filter((file) =>
      /(^|\/)(node_modules|test|src|\.cache|\.venv|__pycache__)\/|\.map$|\.ts$|\.vsix$/.test(file),
    );
    if (unwanted.length > 0)
      throw new Error(`the .vsix contains files users do not need: ${unwanted.join(", ")}`);
    for (const required of [
      "package.json",
      "dist/client/extension.js",
      "dist/server/main.js",
      "dist/cli/main.js",
      "syntaxes/pns.tmLanguage.json",
      "images/icon.png",
      "CHANGELOG.md",
      "LICENSE",
    ]) {
      if (!packaged.files.includes(required)) throw new Error(`the .vsix lacks ${required}`);
    }
    if (!/pns-workbench/.test(installed ?? "")) {
      throw new Error(`code-server did not report installing pns-workbench: ${installed ?? "(no output)"}`);
    }
  },
};
