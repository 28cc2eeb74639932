// `npm run bench:parse`: parse and serialize throughput of the .pns format on a generated dataset
// of 10,000 problems x 8 samples (about 40 MB of LaTeX-heavy text), peak memory, and a round-trip
// check. Each measurement runs in a fresh Node process (--expose-gc) so that one does not inherit
// the other's heap: the memory run reads the file, parses and serializes once and reports its peak
// RSS (getrusage maxrss) against its RSS before reading; the speed run repeats each step and
// reports the median.
//
//   node bench/parse.mjs [--problems N] [--samples N] [--runs N] [--unicode] [--keep]
//
// --unicode puts a few non-Latin-1 symbols in the bodies, so V8 holds the text at two bytes per
// character: twice the memory for the text and the serialized output.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { flag, numberOption } from "./options.mjs";
import { generateDataset } from "./parseDataset.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bundle = path.join(root, "dist", "bench", "format.mjs");

const problems = numberOption("--problems", 10_000);
const samples = numberOption("--samples", 8);
const runs = numberOption("--runs", 5);
const unicode = flag("--unicode");

await build({
  entryPoints: [path.join(root, "server/src/core/format/index.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: bundle,
  logLevel: "warning",
});

const dir = path.join(tmpdir(), `pns-bench-${process.pid}`);
mkdirSync(dir, { recursive: true });
const file = path.join(dir, "bench.pns");
const started = performance.now();
writeFileSync(file, generateDataset({ problems, samples, seed: 42, unicode }));
const bytes = statSync(file).size;
const mb = bytes / 1e6;
console.log(
  `dataset: ${problems} problems x ${samples} samples, ${mb.toFixed(1)} MB${unicode ? " (with non-Latin-1 symbols)" : ""}, generated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

function child(mode) {
  const worker = path.join(root, "bench", "parseWorker.mjs");
  const result = spawnSync(process.execPath, ["--expose-gc", worker, mode, bundle, file, String(runs)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    throw new Error(`bench worker (${mode}) exited ${result.status}`);
  }
  return JSON.parse(result.stdout);
}

try {
  const memory = child("memory");
  const speed = child("speed");
  const rows = [
    ["read+decode", speed.read],
    ["parse", speed.parse],
    ["serialize", speed.serialize],
  ];
  console.log();
  console.log(
    `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs (wall time suffers on a busy machine)`,
  );
  console.log(
    `${"step".padEnd(12)} ${["wall s", "MB/s", "CPU s", "MB/s CPU"].map((c) => c.padStart(9)).join(" ")}`,
  );
  for (const [name, t] of rows) {
    const cells = [
      t.median.toFixed(3),
      (mb / t.median).toFixed(1),
      t.cpu.toFixed(3),
      (mb / t.cpu).toFixed(1),
    ];
    console.log(`${name.padEnd(12)} ${cells.map((c) => c.padStart(9)).join(" ")}`);
  }
  const mib = (n) => (n / 2 ** 20).toFixed(0);
  console.log();
  console.log(`memory (fresh process, file ${mib(bytes)} MiB):`);
  console.log(`  RSS before reading          ${mib(memory.rssBefore).padStart(6)} MiB`);
  console.log(`  peak RSS after parse        ${mib(memory.peakAfterParse).padStart(6)} MiB`);
  console.log(`  peak RSS after serialize    ${mib(memory.peakAfterSerialize).padStart(6)} MiB`);
  const growth = memory.peakAfterSerialize - memory.rssBefore;
  console.log(
    `  peak growth over baseline   ${mib(growth).padStart(6)} MiB = ${(growth / bytes).toFixed(2)}x file size`,
  );
  console.log(
    `  heap held by text + tree    ${mib(memory.heapHeld).padStart(6)} MiB = ${(memory.heapHeld / bytes).toFixed(2)}x file size`,
  );
  console.log();
  console.log(
    `round trip: ${memory.roundTrip ? "serialize(parse(text)) === text" : "MISMATCH"}; ${memory.problems} problems, ${memory.samples} samples, ${memory.diagnostics} findings`,
  );
  // On an oversubscribed machine wall time mostly measures the other processes; CPU time (this
  // process's threads only) is then the fairer figure, and the line below says which one it used.
  const busy = loadavg()[0] > availableParallelism();
  const rate = (t) => mb / (busy ? t.cpu : t.median);
  const checks = [
    ["round trip", memory.roundTrip],
    [`parse >= 50 MB/s (${rate(speed.parse).toFixed(0)})`, rate(speed.parse) >= 50],
    [`serialize >= 50 MB/s (${rate(speed.serialize).toFixed(0)})`, rate(speed.serialize) >= 50],
    [`peak < 10x file size (${(growth / bytes).toFixed(1)}x)`, growth < 10 * bytes],
  ];
  const ok = checks.every(([, pass]) => pass);
  console.log(`goals, by ${busy ? "CPU time (the machine is busy)" : "wall time"}:`);
  console.log(checks.map(([name, pass]) => `  ${pass ? "ok    " : "FAILED"} ${name}`).join("\n"));
  process.exitCode = ok ? 0 : 1;
} finally {
  if (!flag("--keep")) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${file}`);
}
