// `npm run bench:reward`: the answer grader's speed (bench/grader.mjs `benchGrader()`, when it
// exists) and the reward server's throughput for the local components (format rules, accuracy
// inversion through the grader, arithmetic checks, composite), measured over real HTTP against an
// in-process `pns serve-reward` with no remote endpoint: batches of 256 GSM8K-style completions,
// sent one at a time and from several concurrent clients (as TRL ranks do). Goal: at least 5,000
// completions/s for batches of 256.
//
//   node bench/reward.mjs [--batches N] [--batch-size N] [--clients N] [--skip-grader] [--prebuilt] [--skip-hostile]
//
// Then (unless --skip-hostile) bench/rewardHostile.mjs: honest clients' p99 and /health latency
// alone and beside hostile ones (63 MB of `[`, a 60 MB item, 240 trickling sockets).
//
// --prebuilt reuses dist/bench/serveReward.cjs from an earlier run (for machines without
// node_modules); the grader bench needs its own build, so pair it with --skip-grader there.
import { existsSync } from "node:fs";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleServeReward } from "./bundles.mjs";
import { flag, numberOption } from "./options.mjs";
import { completion } from "./rewardCompletions.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bundle = path.join(root, "dist", "bench", "serveReward.cjs");

const batches = numberOption("--batches", 40);
const batchSize = numberOption("--batch-size", 256);
const clients = numberOption("--clients", 4);
const GOAL = 5_000;

// ---- 1. The grader bench (owned by the grader; run when present) -------------------------------
const graderBench = path.join(root, "bench", "grader.mjs");
if (!flag("--skip-grader")) {
  if (existsSync(graderBench)) {
    console.log("== grader (bench/grader.mjs)");
    const { benchGrader } = await import(pathToFileURL(graderBench).href);
    printGraderReport(await benchGrader());
  } else {
    console.log("== grader: bench/grader.mjs not found, skipped");
  }
}

/** The grader bench's report as a few lines; anything unexpected is printed as JSON. */
function printGraderReport(report) {
  if (!report || typeof report !== "object" || !report.cold || !report.warm) {
    console.log(typeof report === "string" ? report : JSON.stringify(report, null, 2));
    return;
  }
  const line = (name, t) =>
    `${name.padEnd(5)} ${String(t.perCpuSecond).padStart(8)} comparisons per CPU-second (${t.perSecond}/s wall clock` +
    (t.bestWindowPerCpuSecond ? `, fastest window ${t.bestWindowPerCpuSecond}/CPU-s), ` : "), ") +
    `mean ${t.meanMicroseconds} µs, max ${t.maxWallMs} ms${t.wrong ? `, ${t.wrong} WRONG` : ""}`;
  console.log(`${report.cases} mixed cases x ${report.passes} passes, Node ${report.node}, one thread`);
  console.log(line("cold", report.cold));
  console.log(line("warm", report.warm));
  if (report.slowest)
    console.log(`slowest single comparison: ${report.slowest.ms} ms (${report.slowest.case})`);
  if (report.goal) {
    console.log(
      `goal: >= ${report.goal.perSecond} comparisons/s, none over ${report.goal.slowestMs} ms: ${report.meetsGoal ? "met" : "NOT met"}`,
    );
  }
}

// ---- 2. The reward server ----------------------------------------------------------------------
// The server runs as its own process, as in training, so the bench client's JSON and HTTP work
// does not count against it. It is the real `pns serve-reward` command, bundled here.
if (!flag("--prebuilt") || !existsSync(bundle)) await bundleServeReward(root);

function makeBatch(offset) {
  return Array.from({ length: batchSize }, (_, i) => {
    const { completion: text, answer } = completion(offset + i);
    return {
      prompt: `A farmer has baskets of apples (case ${offset + i}). How many apples are left after selling half?`,
      completion: text,
      answer,
    };
  });
}

// An empty directory as the working directory: no pns.config.json, so defaults and no endpoints.
const cwd = mkdtempSync(path.join(tmpdir(), "pns-bench-reward-"));
const child = spawn(
  process.execPath,
  [bundle, "--port", "0", "--no-cache", "--max-items", String(batchSize)],
  {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
  },
);
// The server's own log (stderr) is shown only if it fails to start.
let serverLog = "";
child.stderr.on("data", (chunk) => (serverLog += chunk.toString()));
const server = await new Promise((resolve, reject) => {
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk.toString();
    const url = /^PNS_REWARD_URL=(\S+)$/m.exec(out);
    const token = /^PNS_REWARD_TOKEN=(\S+)$/m.exec(out);
    if (url && token) resolve({ url: url[1], token: token[1] });
  });
  child.on("exit", (code) =>
    reject(new Error(`pns serve-reward exited ${code} before listening:\n${serverLog}`)),
  );
});
const token = server.token;

async function send(items) {
  const started = performance.now();
  const response = await fetch(`${server.url}/v1/reward`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ items }),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body)}`);
  if (
    body.results.length !== items.length ||
    body.results.some((r) => r === null || typeof r.reward !== "number")
  ) {
    throw new Error("the server returned a missing or null result for a scorable item");
  }
  return performance.now() - started;
}

const percentile = (values, p) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

// Prebuild every batch so the client's own work does not count against the server.
const prepared = Array.from({ length: batches }, (_, b) => makeBatch(b * batchSize));
for (let i = 0; i < 3; i++) await send(prepared[i % prepared.length]); // warm-up: JIT, grader caches

/**
 * CPU seconds the server process has used (user + system, from /proc; Linux only). On a shared
 * machine wall-clock throughput depends on the neighbours; completions per server CPU-second is
 * what one dedicated core would sustain.
 */
function serverCpuSeconds() {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

async function run(parallel) {
  const latencies = [];
  let next = 0;
  const cpuBefore = serverCpuSeconds();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < prepared.length) latencies.push(await send(prepared[next++]));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = serverCpuSeconds() - cpuBefore;
  const completions = prepared.length * batchSize;
  return { parallel, seconds, latencies, rate: completions / seconds, cpuRate: completions / cpu };
}

const rows = [await run(1), await run(clients)];
// Issue 16.4: the same server with hostile clients beside honest ones (--skip-hostile to leave out).
const hostile = flag("--skip-hostile")
  ? undefined
  : await (await import("./rewardHostile.mjs")).benchHostile({ url: server.url, token, batches: prepared });
const stopped = new Promise((resolve) => child.on("exit", resolve));
child.kill("SIGTERM");
await stopped;
rmSync(cwd, { recursive: true, force: true });

console.log(`\n== reward server, local components (format, accuracy, cot, composite) over HTTP`);
console.log(
  `${batches} batches of ${batchSize} completions per run; node ${process.version}, one server process (pns serve-reward)\n`,
);
const header = [
  "clients",
  "batches",
  "completions",
  "seconds",
  "completions/s",
  "per server CPU-s",
  "p50 ms/batch",
  "p95 ms/batch",
  `goal ${GOAL}/s per CPU-s`,
];
const table = rows.map((r) => [
  String(r.parallel),
  String(batches),
  String(batches * batchSize),
  r.seconds.toFixed(2),
  Math.round(r.rate).toLocaleString("en-US"),
  Number.isFinite(r.cpuRate) ? Math.round(r.cpuRate).toLocaleString("en-US") : "n/a",
  percentile(r.latencies, 50).toFixed(1),
  percentile(r.latencies, 95).toFixed(1),
  (Number.isFinite(r.cpuRate) ? r.cpuRate : r.rate) >= GOAL ? "met" : "MISSED",
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => c.padStart(widths[i])).join("  ");
console.log(line(header));
for (const row of table) console.log(line(row));
const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
console.log(
  `\nload average during the run: ${load} (wall-clock figures suffer on a busy machine; the CPU-s column does not)`,
);
if (hostile) (await import("./rewardHostile.mjs")).printHostile(hostile, load);
