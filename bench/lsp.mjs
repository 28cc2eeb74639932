// `npm run bench:lsp`: drives the BUNDLED language server (dist/server/main.js) over stdio with a
// real JSON-RPC client and a generated dataset of 10,000 problems × 8 samples (about 40 MB).
// Prints: open → complete local diagnostics, one-character edit → updated diagnostics (p50/p95
// over 200 edits spread over the file), hover latency (p50/p95), and the server's peak RSS.
//
//   node bench/lsp.mjs [--problems N] [--samples N] [--edits N] [--json out.json]
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

const server = path.join(root, "dist", "server", "main.js");
// PNS_BENCH_NODE_ARGS passes flags to the server's Node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
const nodeArgs = (process.env.PNS_BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
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

const uri = "file:///bench/dataset.pns";
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

console.log(
  `machine: ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)} (figures are wall-clock: a busy machine inflates them)`,
);
console.log(
  `dataset: ${PROBLEMS} problems × ${SAMPLES} samples, ${megabytes.toFixed(1)} MB, ${lineCount} lines`,
);

// Open → complete local diagnostics (the first pull answers only when every segment is analysed).
const cpuBeforeOpen = cpuMs(child.pid);
let started = performance.now();
await connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
  textDocument: { uri, languageId: "pns", version: 1, text: dataset.text },
});
dataset.text = "";
// A big file is analysed in the background: the first pull answers at once with what is known, and
// the server asks for a new pull (workspace/diagnostic/refresh) when the analysis is complete.
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
// All threads of the server (main and analysis workers): wall time divided by this shows how much
// of a core the server got on a loaded machine.
const openCpuMs = cpuBeforeOpen === undefined ? undefined : cpuMs(child.pid) - cpuBeforeOpen;
console.log(`open → first diagnostics: ${fmt(firstMs)}`);
console.log(
  `open → complete local diagnostics: ${fmt(openMs)} (${report.items.length} diagnostics sent)` +
    (openCpuMs === undefined ? "" : `; server CPU ${fmt(openCpuMs)} (all threads)`),
);

// One-character edits spread over the file, each followed by a pull.
let version = 1;
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

await connection.sendRequest(rpc.ShutdownRequest.type);
await connection.sendNotification(rpc.ExitNotification.type);
connection.dispose();

const results = {
  megabytes,
  firstMs,
  openMs,
  openCpuMs,
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
