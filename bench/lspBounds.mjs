// The bounds of the language server (issue 16.3), part of `npm run bench:lsp`: the BUNDLED server
// over stdio on hostile shapes of input.
// - long line: a document whose one sample is a single line of --line-mb MB (40), then --edits
//   (50) one-character edits inside that line, each followed by a pull: time per edit and the
//   growth of the server's resident memory over all of them. Goals: each edit ≤ 1 s, growth ≤ 50 MB.
// - tiny problems: --tiny N (1,000,000) problems of one short sample each: open → complete
//   diagnostics (≤ 10 s), the outline (documentSymbol, ≤ 2 s), the server's peak RSS (≤ 1.5 GB).
//
//   node bench/lspBounds.mjs [--line-mb N] [--edits N] [--tiny N] [--cases long-line,tiny] [--server main.js]
//   (PNS_BENCH_NODE_ARGS and PNS_BENCH_SNAPSHOT: profiles and heap snapshots of the server, below)
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
const rpc = require("vscode-languageserver-protocol/node");

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const LINE_MB = Number(arg("line-mb", 40));
const EDITS = Number(arg("edits", 50));
const TINY = Number(arg("tiny", 1_000_000));
const CASES = new Set(arg("cases", "long-line,tiny").split(","));
// `--server <main.js>`: another build of the server (e.g. main's, for a before/after comparison).
const server = path.resolve(arg("server", path.join(root, "dist", "server", "main.js")));
console.log(`server: ${path.relative(process.cwd(), server) || server}`);
const uri = "file:///bench/bounds.pns";

/** Resident and peak resident memory of a process in MB (Linux /proc). */
function memoryMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]) / 1024;
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

/** CPU time (user + system, every thread) the server has used, in s: wall time alone says little on a busy machine. */
function cpuS(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startServer() {
  // PNS_BENCH_NODE_ARGS: node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=prof".
  const nodeArgs = (process.env.PNS_BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, server, "--stdio"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const connection = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  let wake = () => {};
  let refreshes = 0;
  connection.onRequest(rpc.ConfigurationRequest.type, (params) => params.items.map(() => ({})));
  connection.onRequest(rpc.RegistrationRequest.type, () => undefined);
  connection.onRequest(rpc.WorkDoneProgressCreateRequest.type, () => undefined);
  connection.onRequest(rpc.DiagnosticRefreshRequest.type, () => {
    refreshes++;
    wake();
  });
  connection.onNotification(rpc.LogMessageNotification.type, () => undefined);
  connection.listen();
  await connection.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: {
      workspace: { configuration: true, diagnostics: { refreshSupport: true } },
      textDocument: { diagnostic: {}, documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
    },
  });
  await connection.sendNotification(rpc.InitializedNotification.type, {});
  /** Pulls until the report is complete (no analysis in progress). */
  const complete = async () => {
    for (;;) {
      const seen = refreshes;
      const report = await connection.sendRequest(rpc.DocumentDiagnosticRequest.type, {
        textDocument: { uri },
      });
      if (!report.items.some((d) => d.code === "analysis-in-progress")) return report;
      if (refreshes === seen) await new Promise((resolve) => (wake = resolve));
    }
  };
  const stop = async () => {
    await connection.sendRequest(rpc.ShutdownRequest.type);
    await connection.sendNotification(rpc.ExitNotification.type);
    connection.dispose();
  };
  return { child, connection, complete, stop };
}

const fmt = (ms) => `${ms.toFixed(0)} ms`;
const load = () => `load ${os.loadavg()[0].toFixed(1)}`;
let failed = false;
const verdict = (goal, ok) => {
  if (!ok) failed = true;
  return `${ok ? "✓" : "✗"} ${goal}`;
};

if (CASES.has("long-line")) {
  const unit = "We add 3 + 4 = 7, then double it: 2 * 7 = 14. ";
  const line = unit.repeat(Math.ceil((LINE_MB * 1e6) / unit.length));
  const text = `@pns 1\n\n@problem long-1\nWhat is 2 * (3 + 4)?\n\n@answer 14\n@negative\n${line}\n`;
  const lineNo = 7;
  const s = await startServer();
  let started = performance.now();
  await s.connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "pns", version: 1, text },
  });
  let report = await s.complete();
  console.log(
    `long line (${(line.length / 1e6).toFixed(1)} MB, ${load()}): open → diagnostics ${fmt(performance.now() - started)}: ${report.items.map((d) => d.code).join(", ")}`,
  );
  const before = memoryMb(s.child.pid);
  const times = [];
  for (let k = 0; k < EDITS; k++) {
    const position = { line: lineNo, character: Math.floor(((k + 0.5) * line.length) / EDITS) };
    started = performance.now();
    await s.connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: k + 2 },
      contentChanges: [{ range: { start: position, end: position }, text: "x" }],
    });
    report = await s.complete();
    times.push(performance.now() - started);
    if (!report.items.some((d) => d.code === "too-long-to-analyse"))
      throw new Error(`edit ${k + 1}: expected the too-long-to-analyse finding`);
  }
  const after = memoryMb(s.child.pid);
  const growth = after.rss - before.rss;
  const max = Math.max(...times);
  console.log(
    `long line: ${EDITS} edits: max ${fmt(max)}, median ${fmt([...times].sort((a, b) => a - b)[Math.floor(times.length / 2)])}; ` +
      `RSS ${before.rss.toFixed(0)} → ${after.rss.toFixed(0)} MB (growth ${growth.toFixed(0)} MB), peak ${after.peak.toFixed(0)} MB (${load()})`,
  );
  console.log(`${verdict("each edit ≤ 1 s", max <= 1000)}   ${verdict("RSS growth ≤ 50 MB", growth <= 50)}`);
  await s.stop();
}

if (CASES.has("tiny")) {
  const parts = ["@pns 1\n"];
  for (let i = 0; i < TINY; i++)
    parts.push(
      `\n@problem t${i}\nWhat is ${i % 97} + 1?\n\n@answer ${(i % 97) + 1}\n@negative\nIt is \\boxed{${i % 97}}.\n`,
    );
  const text = parts.join("");
  parts.length = 0;
  const s = await startServer();
  let started = performance.now();
  await s.connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "pns", version: 1, text },
  });
  const report = await s.complete();
  const openMs = performance.now() - started;
  const openCpu = cpuS(s.child.pid);
  // PNS_BENCH_SNAPSHOT=<s>, with PNS_BENCH_NODE_ARGS=--heapsnapshot-signal=SIGUSR2: a heap snapshot
  // of the server once diagnostics are complete (where a big document's memory goes), <s> to write it.
  if (process.env.PNS_BENCH_SNAPSHOT) {
    s.child.kill("SIGUSR2");
    await new Promise((resolve) => setTimeout(resolve, Number(process.env.PNS_BENCH_SNAPSHOT) * 1000));
  }
  started = performance.now();
  const symbols = await s.connection.sendRequest(rpc.DocumentSymbolRequest.type, { textDocument: { uri } });
  const outlineMs = performance.now() - started;
  const outlineCpu = cpuS(s.child.pid) - openCpu;
  const { peak } = memoryMb(s.child.pid);
  console.log(
    `tiny problems (${TINY}, ${(text.length / 1e6).toFixed(1)} MB, ${load()}): open → complete diagnostics ${fmt(openMs)} ` +
      `(${report.items.length} sent; server CPU ${openCpu.toFixed(1)} s); outline ${fmt(outlineMs)} (${symbols.length} symbols; CPU ${outlineCpu.toFixed(1)} s); peak RSS ${peak.toFixed(0)} MB`,
  );
  console.log(
    `${verdict("diagnostics ≤ 10 s", openMs <= 10_000)}   ${verdict("outline ≤ 2 s", outlineMs <= 2000)}   ${verdict("peak RSS ≤ 1.5 GB", peak <= 1536)}`,
  );
  await s.stop();
}
process.exitCode = failed ? 1 : 0;
