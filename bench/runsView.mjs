// `npm run bench:runs`: how long the Runs view takes over a runs root with many run folders (the
// issue's "thousands of runs"): listing and grouping every run (one readdir, one status.json read
// per run), then the summaries of one page of 50 rows (status.json + the tail of metrics.jsonl).
// Medians of --runs repeats, with the load average beside them (the machine is shared).
//
//   node bench/runsView.mjs [--folders N] [--runs N]
import { build } from "esbuild";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { numberOption } from "./options.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const folders = numberOption("--folders", 5000);
const runs = numberOption("--runs", 5);

const bundle = path.join(root, "dist", "bench", "runsView.mjs");
await build({
  entryPoints: [path.join(root, "client", "src", "home", "runs", "runIndex.ts")],
  stdin: undefined,
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: bundle,
  logLevel: "warning",
});
const summaryBundle = path.join(root, "dist", "bench", "runFolder.mjs");
await build({
  entryPoints: [path.join(root, "client", "src", "home", "runs", "runFolder.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: summaryBundle,
  logLevel: "warning",
});
const { listRuns, groupRuns, page } = await import(pathToFileURL(bundle).href);
const { readRunSummary } = await import(pathToFileURL(summaryBundle).href);

const dir = mkdtempSync(path.join(tmpdir(), "pns-bench-runs-"));
const jobs = ["reverse-rl", "dpo", "reward-model", "eval", "synthesize"];
const metrics = Array.from(
  { length: 200 },
  (_, step) => `${JSON.stringify({ step, loss: 1 / (step + 1), reward: step / 200, elapsed: step })}\n`,
).join("");
for (let i = 0; i < folders; i++) {
  const t = new Date(Date.UTC(2026, 0, 1) + i * 60_000)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const job = jobs[i % jobs.length];
  const run = path.join(dir, `${t}-${job}`);
  mkdirSync(run);
  writeFileSync(
    path.join(run, "status.json"),
    JSON.stringify({
      job,
      state: "succeeded",
      started: "2026-01-01T00:00:00Z",
      ended: "2026-01-01T00:10:00Z",
    }),
  );
  writeFileSync(path.join(run, "metrics.jsonl"), metrics);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const listTimes = [];
const pageTimes = [];
try {
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    const groups = groupRuns(await listRuns(dir));
    listTimes.push(performance.now() - t0);
    t0 = performance.now();
    await Promise.all(page(groups[0].runs, 0, 50).items.map((e) => readRunSummary(e.dir)));
    pageTimes.push(performance.now() - t0);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const load = loadavg()
  .map((x) => x.toFixed(1))
  .join(" ");
console.log(`runs view over ${folders} run folders (median of ${runs}; load average ${load}):`);
console.log(`  list + group every run: ${median(listTimes).toFixed(0)} ms`);
console.log(`  summaries of one page (50 rows): ${median(pageTimes).toFixed(0)} ms`);
