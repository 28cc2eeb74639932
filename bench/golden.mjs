// Golden capture for refactors that must not change behaviour (issue 15.6): every finding,
// message, range, verdict and score that the CLI (`pns lint`, `pns score`) and the BUNDLED
// language server (diagnostics, code lenses, inlay hints, hovers) give for every `.pns` file in
// the repository and for generated bench data, written as JSON files to one folder. Capture
// before and after a change, then `diff -r before after`.
//
//   node bench/golden.mjs <out-dir> [--problems N] [--build <checkout>]
//
// `--build` runs another checkout's bundles (its dist/cli and dist/server, built there) on THIS
// checkout's inputs (the same .pns files, configs and generated data), so a before/after
// comparison differs only by the build: e.g. a worktree of the commit before a change.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { generateDataset } from "./parseDataset.mjs";

const require = createRequire(import.meta.url);
const rpc = require("vscode-languageserver-protocol/node");

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const out = process.argv[2];
if (!out) throw new Error("usage: node bench/golden.mjs <out-dir> [--problems N] [--build <checkout>]");
const at = process.argv.indexOf("--problems");
const PROBLEMS = at > 0 ? Number(process.argv[at + 1]) : 300;
const buildAt = process.argv.indexOf("--build");
const build = buildAt > 0 ? path.resolve(process.argv[buildAt + 1]) : root;
mkdirSync(out, { recursive: true });

const cli = path.join(build, "dist", "cli", "main.js");
const serverMain = path.join(build, "dist", "server", "main.js");
for (const bundle of [cli, serverMain]) {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: build that checkout first`);
}
console.log(`golden: bundles of ${build}, inputs of ${root}`);

/** The nearest pns.config.json at or above a file's folder, up to the repository root. */
function configFor(file) {
  for (let dir = path.dirname(file); dir.startsWith(root) || dir.startsWith(os.tmpdir());) {
    const candidate = path.join(dir, "pns.config.json");
    if (existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

const files = execFileSync("git", ["ls-files", "*.pns"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter(Boolean)
  .map((f) => path.join(root, f));
// A fixed folder: URIs and paths in the output must be the same from one capture to the next.
const generated = path.join(os.tmpdir(), "pns-golden-data");
rmSync(generated, { recursive: true, force: true });
mkdirSync(generated);
const write = (name, text) => {
  const file = path.join(generated, name);
  writeFileSync(file, text);
  files.push(file);
};
write("bench.pns", generateDataset({ problems: PROBLEMS, samples: 8, seed: 42 }));
write(
  "bench-unicode.pns",
  generateDataset({ problems: Math.ceil(PROBLEMS / 3), samples: 4, seed: 7, unicode: true }),
);
// Line ends mixed across problems and inside one.
const crlf = (text) => text.replace(/\n/g, "\r\n");
const small = generateDataset({ problems: 12, samples: 3, seed: 3 });
const parts = small.split(/(?=^@problem )/m);
write("mixed-eol.pns", parts.map((p, i) => (i % 3 === 1 ? crlf(p) : p)).join(""));

function runCli(args) {
  try {
    return execFileSync(process.execPath, [cli, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
  } catch (error) {
    if (typeof error.stdout === "string" && error.stdout) return error.stdout;
    throw error;
  }
}

async function startServer(folder) {
  const child = spawn(process.execPath, [serverMain, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const connection = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  let refreshed = () => {};
  connection.onRequest(rpc.ConfigurationRequest.type, (params) =>
    params.items.map((item) =>
      item.section === "pns" ? { diagnostics: { maxPerFile: 1_000_000 }, remote: { enabled: false } } : null,
    ),
  );
  connection.onRequest(rpc.RegistrationRequest.type, () => undefined);
  connection.onRequest(rpc.WorkDoneProgressCreateRequest.type, () => undefined);
  connection.onRequest(rpc.DiagnosticRefreshRequest.type, () => refreshed());
  connection.onRequest(rpc.CodeLensRefreshRequest.type, () => undefined);
  connection.onRequest(rpc.InlayHintRefreshRequest.type, () => undefined);
  connection.onNotification(rpc.LogMessageNotification.type, () => undefined);
  connection.onNotification(rpc.ShowMessageNotification.type, () => undefined);
  connection.listen();
  const folderUri = pathToFileURL(folder).href;
  await connection.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: "golden" }],
    capabilities: {
      workspace: { configuration: true, diagnostics: { refreshSupport: true } },
      textDocument: { diagnostic: {}, hover: { contentFormat: ["markdown"] } },
    },
  });
  await connection.sendNotification(rpc.InitializedNotification.type, {});
  const nextRefresh = () => new Promise((resolve) => (refreshed = resolve));
  return { child, connection, nextRefresh };
}

async function lspCapture(file) {
  const config = configFor(file);
  const server = await startServer(config ? path.dirname(config) : path.dirname(file));
  const { connection } = server;
  const uri = pathToFileURL(file).href;
  const text = readFileSync(file, "utf8");
  await connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "pns", version: 1, text },
  });
  let refresh = server.nextRefresh();
  let report = await connection.sendRequest(rpc.DocumentDiagnosticRequest.type, { textDocument: { uri } });
  while (report.items.some((d) => d.code === "analysis-in-progress")) {
    await refresh;
    refresh = server.nextRefresh();
    report = await connection.sendRequest(rpc.DocumentDiagnosticRequest.type, { textDocument: { uri } });
  }
  const lines = text.split("\n").length;
  const range = { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } };
  const lenses = await connection.sendRequest(rpc.CodeLensRequest.type, { textDocument: { uri } });
  const hints = await connection.sendRequest(rpc.InlayHintRequest.type, { textDocument: { uri }, range });
  const symbols = await connection.sendRequest(rpc.DocumentSymbolRequest.type, { textDocument: { uri } });
  // A hover on the first body line of every sample (the breakdown table) and on every answer.
  const hovers = [];
  const all = text.split("\n");
  for (let line = 0; line < all.length; line++) {
    if (!/^@(positive|negative|answer)/.test(all[line])) continue;
    const target = /^@answer\s*\S/.test(all[line]) ? line : line + 1;
    const hover = await connection.sendRequest(rpc.HoverRequest.type, {
      textDocument: { uri },
      position: { line: target, character: 1 },
    });
    hovers.push({ line: target, hover });
  }
  await connection.sendRequest(rpc.ShutdownRequest.type);
  await connection.sendNotification(rpc.ExitNotification.type);
  connection.dispose();
  return { diagnostics: report.items, lenses, hints, symbols, hovers };
}

for (const file of files) {
  const name = path.relative(root, file).startsWith("..")
    ? `generated/${path.basename(file)}`
    : path.relative(root, file);
  const config = configFor(file);
  const configArgs = config ? ["--config", config] : [];
  const lint = JSON.parse(runCli(["lint", file, "--format", "json", "--local", ...configArgs]));
  const score = JSON.parse(runCli(["score", file, "--format", "json", "--local", ...configArgs]));
  for (const f of lint) delete f.file;
  const lsp = await lspCapture(file);
  const target = path.join(out, `${name.replace(/[/\\]/g, "__")}.json`);
  writeFileSync(target, `${JSON.stringify({ file: name, lint, score, lsp }, null, 1)}\n`);
  console.log(
    `${name}: ${lint[0]?.findings.length ?? 0} lint findings, ${lsp.diagnostics.length} diagnostics`,
  );
}
