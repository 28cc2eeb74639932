#!/usr/bin/env node
"use strict";
// Thin launcher for the editor-agnostic language server: `pns-language-server --stdio`.
const path = require("node:path");
const bundle = path.join(__dirname, "..", "dist", "server", "main.js");
try {
  require.resolve(bundle);
} catch {
  process.stderr.write("pns-language-server: the server bundle is missing; run `npm run build`.\n");
  process.exit(2);
}
require(bundle).main();
