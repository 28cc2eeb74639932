// `npm run bench:lsp`: drives the BUNDLED language server (dist/server/main.js) over stdio with a
// real JSON-RPC client and a generated dataset of 10,000 problems × 8 samples (about 40 MB).
// Prints: open → complete local diagnostics (each of --opens fresh servers, and their median:
// one open of a 40 MB file swings by ±0.1 s on a shared machine), one-character edit → updated
// diagnostics (p50/p95 over 200 edits spread over the file), hover latency (p50/p95), and the
// server's peak RSS (of the last server, which also served the edits and hovers).
//
//   node bench/lsp.mjs [--problems N] [--samples N] [--opens N] [--edits N] [--hovers N] [--json out.json]
//                      [--server path/to/main.js]   (another build, for before/after comparisons)
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { generateDataset } from "./parseDataset.mjs";

const require = createRequire(import.meta.url);
const rpc = require("vscode-languageserver-protocol/node");

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const PROBLEMS = Number(arg("problems", 10_000));
const SAMPLES = Number(arg("samples", 8));
const OPENS = Math.max(1, Number(arg("opens", 3)));
const EDITS = Number(arg("edits", 200));
const HOVERS = Number(arg("hovers", 200));
const GOALS = { openMs: 2000, editP95Ms: 50, hoverP95Ms: 20, rssMb: 600 };

/** CPU time (user + system) the server process has used, in ms (Linux /proc; undefined elsewhere). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

/** Peak resident set of a process (Linux: VmHWM), in MB; undefined elsewhere. */
function peakRssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// Held in an object so the 40 MB string can be dropped after sending it (the client's own memory
// and GC pauses would otherwise show up in the latencies).
const dataset = { text: generateDataset({ problems: PROBLEMS, samples: SAMPLES, seed: 42 }) };
const megabytes = Buffer.byteLength(dataset.text) / 1e6;
// Lines inside sample bodies, spread over the file (found without keeping a split copy).
const bodyLines = [];
let lineCount = 1;
for (let at = dataset.text.indexOf("\n"); at !== -1; at = dataset.text.indexOf("\n", at + 1)) {
  if (dataset.text.startsWith("Checking: $f(1)", at + 1)) bodyLines.push(lineCount);
  lineCount++;
}
const pickSpread = (count, offset) =>
  Array.from(
    { length: count },
    (_, k) => bodyLines[Math.floor(((k + offset) * bodyLines.length) / count) % bodyLines.length],
  );

// `--server <main.js>`: another build of the server (e.g. main's, for a before/after comparison).
const server = path.resolve(arg("server", path.join(root, "dist", "server", "main.js")));
console.log(`server: ${path.relative(process.cwd(), server) || server}`);
// PNS_BENCH_NODE_ARGS passes flags to the server's Node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
const nodeArgs = (process.env.PNS_BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
const uri = "file:///bench/dataset.pns";

/** A fresh bundled server over stdio, initialised like a pull-diagnostics client. */
async function startServer() {
  const child = spawn(process.execPath, [...nodeArgs, server, "--stdio"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const connection = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  connection.onRequest(rpc.ConfigurationRequest.type, (params) => params.items.map(() => ({})));
  connection.onRequest(rpc.RegistrationRequest.type, () => undefined);
  connection.onRequest(rpc.WorkDoneProgressCreateRequest.type, () => undefined);
  connection.onRequest(rpc.ShowMessageRequest.type, () => null);
  connection.onNotification(rpc.ShowMessageNotification.type, () => undefined);
  connection.onNotification(rpc.LogMessageNotification.type, (m) => {
    if (process.env.PNS_BENCH_VERBOSE) console.log(`  [server] ${m.message}`);
  });
  connection.listen();
  await connection.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: {
      workspace: { configuration: true, diagnostics: { refreshSupport: true } },
      textDocument: { diagnostic: {}, hover: { contentFormat: ["markdown"] } },
    },
  });
  await connection.sendNotification(rpc.InitializedNotification.type, {});
  return { child, connection };
}

async function stopServer({ connection }) {
  await connection.sendRequest(rpc.ShutdownRequest.type);
  await connection.sendNotification(rpc.ExitNotification.type);
  connection.dispose();
}

/**
 * Opens the dataset and waits for complete local diagnostics (a big file is analysed in the
 * background: the first pull answers at once with what is known, and the server asks for a new
 * pull, workspace/diagnostic/refresh, when the analysis is complete).
 */
async function measureOpen({ child, connection }, text) {
  const cpuBefore = cpuMs(child.pid);
  const started = performance.now();
  await connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "pns", version: 1, text },
  });
  let refreshes = 0;
  let wake = () => {};
  connection.onRequest(rpc.DiagnosticRefreshRequest.type, () => {
    refreshes++;
    wake();
  });
  const refreshAfter = (seen) =>
    refreshes > seen ? Promise.resolve() : new Promise((resolve) => (wake = resolve));
  let seen = refreshes;
  let report = await connection.sendRequest(rpc.DocumentDiagnosticRequest.type, { textDocument: { uri } });
  const firstMs = performance.now() - started;
  while (report.items.some((d) => d.code === "analysis-in-progress")) {
    await refreshAfter(seen);
    seen = refreshes;
    report = await connection.sendRequest(rpc.DocumentDiagnosticRequest.type, { textDocument: { uri } });
  }
  const openMs = performance.now() - started;
  // All threads of the server (main and analysis workers): wall time divided by this shows how
  // much of a core the server got on a loaded machine.
  const cpu = cpuBefore === undefined ? undefined : cpuMs(child.pid) - cpuBefore;
  return { firstMs, openMs, openCpuMs: cpu, report };
}

console.log(
  `machine: ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)} (figures are wall-clock: a busy machine inflates them)`,
);
console.log(
  `dataset: ${PROBLEMS} problems × ${SAMPLES} samples, ${megabytes.toFixed(1)} MB, ${lineCount} lines`,
);

// Open → complete local diagnostics, on fresh servers; the last one then serves edits and hovers.
const opens = [];
let live;
for (let k = 0; k < OPENS; k++) {
  live = await startServer();
  const open = await measureOpen(live, dataset.text);
  opens.push(open);
  console.log(
    `open ${k + 1}/${OPENS}: first diagnostics ${fmt(open.firstMs)}, complete local diagnostics ${fmt(open.openMs)} ` +
      `(${open.report.items.length} diagnostics sent)` +
      (open.openCpuMs === undefined ? "" : `; server CPU ${fmt(open.openCpuMs)} (all threads)`),
  );
  if (k < OPENS - 1) await stopServer(live);
}
dataset.text = "";
const { child, connection } = live;
let report = opens[opens.length - 1].report;
const median = (values) => percentile(values, 50);
const firstMs = median(opens.map((o) => o.firstMs));
const openMs = median(opens.map((o) => o.openMs));
const cpus = opens.map((o) => o.openCpuMs).filter((v) => v !== undefined);
const openCpuMs = cpus.length === opens.length ? median(cpus) : undefined;
console.log(`open → first diagnostics: ${fmt(firstMs)}${OPENS > 1 ? ` (median of ${OPENS})` : ""}`);
console.log(
  `open → complete local diagnostics: ${fmt(openMs)}${OPENS > 1 ? ` (median of ${OPENS}, range ${fmt(Math.min(...opens.map((o) => o.openMs)))}–${fmt(Math.max(...opens.map((o) => o.openMs)))})` : ""}` +
    (openCpuMs === undefined ? "" : `; server CPU ${fmt(openCpuMs)} (all threads)`),
);

// One-character edits spread over the file, each followed by a pull.
let version = 1;
let started;
const editTimes = [];
const cpuBeforeEdits = cpuMs(child.pid);
for (const line of pickSpread(EDITS, 0)) {
  const position = { line, character: 0 };
  started = performance.now();
  await connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: ++version },
    contentChanges: [{ range: { start: position, end: position }, text: "x" }],
  });
  report = await connection.sendRequest(rpc.DocumentDiagnosticRequest.type, {
    textDocument: { uri },
    previousResultId: report.resultId,
  });
  editTimes.push(performance.now() - started);
  if (report.kind !== "full")
    throw new Error(`edit at line ${line}: expected a full report, got ${report.kind}`);
}
const cpuAfterEdits = cpuMs(child.pid);
const editCpuMs = cpuBeforeEdits === undefined ? undefined : (cpuAfterEdits - cpuBeforeEdits) / EDITS;
const editP50 = percentile(editTimes, 50);
const editP95 = percentile(editTimes, 95);
console.log(
  `edit → updated diagnostics (${EDITS} edits): p50 ${fmt(editP50)}, p95 ${fmt(editP95)}, max ${fmt(Math.max(...editTimes))}` +
    (editCpuMs === undefined ? "" : `; server CPU ${fmt(editCpuMs)} per edit`),
);

// Hovers on sample bodies (the reward breakdown table), spread over the file.
const hoverTimes = [];
for (const line of pickSpread(HOVERS, 0.5)) {
  started = performance.now();
  const hover = await connection.sendRequest(rpc.HoverRequest.type, {
    textDocument: { uri },
    position: { line, character: 5 },
  });
  hoverTimes.push(performance.now() - started);
  if (!hover) throw new Error(`no hover at line ${line}`);
}
const hoverP50 = percentile(hoverTimes, 50);
const hoverP95 = percentile(hoverTimes, 95);
console.log(`hover: p50 ${fmt(hoverP50)}, p95 ${fmt(hoverP95)}`);

const rssMb = peakRssMb(child.pid);
console.log(`server peak RSS: ${rssMb === undefined ? "unknown (no /proc)" : `${rssMb.toFixed(0)} MB`}`);

await stopServer(live);

const results = {
  megabytes,
  firstMs,
  openMs,
  openCpuMs,
  opens: opens.map(({ firstMs, openMs, openCpuMs }) => ({ firstMs, openMs, openCpuMs })),
  editP50,
  editP95,
  editCpuMs,
  hoverP50,
  hoverP95,
  rssMb,
  loadAverage: os.loadavg()[0],
};
const verdicts = [
  ["open ≤ 2 s", openMs <= GOALS.openMs],
  ["edit p95 ≤ 50 ms", editP95 <= GOALS.editP95Ms],
  ["hover p95 ≤ 20 ms", hoverP95 <= GOALS.hoverP95Ms],
  ["peak RSS ≤ 600 MB", rssMb === undefined || rssMb <= GOALS.rssMb],
];
console.log(verdicts.map(([goal, ok]) => `${ok ? "✓" : "✗"} ${goal}`).join("   "));
const out = arg("json");
if (out) writeFileSync(out, JSON.stringify(results, null, 2));
process.exitCode = verdicts.every(([, ok]) => ok) ? 0 : 1;
