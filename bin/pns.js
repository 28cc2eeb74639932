#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI lives in the esbuild bundle (built by `npm install` via `prepare`).
const path = require("node:path");
const bundle = path.join(__dirname, "..", "dist", "cli", "main.js");
try {
  require.resolve(bundle);
} catch {
  process.stderr.write("pns: the CLI bundle is missing; run `npm run build` in the PNS Workbench folder.\n");
  process.exit(2);
}
require(bundle).main();
