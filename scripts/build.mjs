// Bundles every entry point with esbuild: the VS Code client, the language server,
// the pns CLI and one browser bundle per webview panel. Type checking is `npm run typecheck`.
import { build, context } from "esbuild";
import { existsSync } from "node:fs";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");
// `--outdir=<dir>`: where the bundles go (default dist; scripts/package.mjs builds into a staging folder).
const outdir = process.argv.find((arg) => arg.startsWith("--outdir="))?.slice("--outdir=".length) ?? "dist";

const node = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // Prefer ESM builds: some packages' UMD builds (jsonc-parser) hide requires from the bundler.
  mainFields: ["module", "main"],
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
};

/** Node targets: [entry, outfile]. Missing entries are skipped so partial checkouts still build. */
const nodeEntries = [
  ["client/src/extension.ts", `${outdir}/client/extension.js`, { external: ["vscode"] }],
  ["server/src/lsp/main.ts", `${outdir}/server/main.js`, {}],
  ["server/src/cli/main.ts", `${outdir}/cli/main.js`, {}],
  // The in-editor mocha suite, one file for extensionTestsPath (code-server) and @vscode/test-cli.
  ["test/vscode/index.ts", `${outdir}/test/vscode/index.js`, { external: ["vscode", "mocha"] }],
];

/** Browser targets: one bundle per webview panel. */
const webviewPanels = ["curves", "diff", "overview", "compare"];

const configs = [];
for (const [entry, outfile, extra] of nodeEntries) {
  if (existsSync(entry)) configs.push({ ...node, ...extra, entryPoints: [entry], outfile });
}
for (const panel of webviewPanels) {
  const entry = `webview/src/${panel}/main.ts`;
  if (!existsSync(entry)) continue;
  configs.push({
    bundle: true,
    platform: "browser",
    target: "es2022",
    format: "iife",
    sourcemap: !production,
    minify: production,
    logLevel: "warning",
    entryPoints: [entry],
    outfile: `${outdir}/webview/${panel}.js`,
    loader: { ".woff2": "file", ".woff": "file", ".ttf": "file" },
    assetNames: "assets/[name]",
  });
}

if (watch) {
  for (const config of configs) await (await context(config)).watch();
  console.log(`watching ${configs.length} bundles`);
} else {
  await Promise.all(configs.map((config) => build(config)));
}
