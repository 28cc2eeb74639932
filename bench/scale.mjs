// `npm run bench:scale`: the CLI on big files (issue 16, point 2). Generates a .pns file of about
// 200 MB and one of about 1 GB under .cache/scale (never committed; reused when present), then
// runs lint --local, score --local, fmt --check, fmt (on a copy), export (jsonl, trl-dpo) and
// import (of the exported JSONL) on each, in a fresh process, printing wall time, MB/s and peak
// RSS (the child's maxrss) and CPU seconds (user + system). The machine is shared: the load
// average is printed beside each figure.
//
//   node bench/scale.mjs [--sizes 200,1000] [--only lint,fmt,...]
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync, copyFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { option } from "./options.mjs";
import { seededRandom } from "./seededRandom.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.join(root, ".cache", "scale");
const pns = path.join(root, "bin", "pns.js");
const sizes = option("--sizes", "200,1000").split(",").map(Number);
const only = option("--only", "lint,score,fmt-check,fmt,export-jsonl,export-dpo,import").split(",");

/** One problem in canonical form: a GSM8K-like statement, one positive and two negatives. */
function problem(i, rand) {
  const a = 10 + Math.floor(rand() * 90);
  const b = 2 + Math.floor(rand() * 8);
  const gold = a + a * b;
  const wrong = gold + 1 + Math.floor(rand() * 9);
  const step = (x) =>
    `In week 2 she sold $${a} \\times ${b} = ${a * b}$ items.\nAltogether: $${a} + ${a * b} = ${x}$.\n\nThe answer is $\\boxed{${x}}$.`;
  return [
    `@problem scale-${i} source=bench split=test`,
    `Mia sold ${a} items in week 1 and ${b} times as many in week 2. How many items did she sell in all?`,
    "",
    `@answer ${gold}`,
    `@positive model=ref temperature=0.7`,
    step(gold),
    "",
    `@negative model=pns-gen step=${i % 500}`,
    step(wrong),
    "",
    `@negative model=pns-gen kind=implausible`,
    `The answer is ${wrong}.`,
    "",
  ].join("\n");
}

async function generate(file, megabytes) {
  if (existsSync(file) && statSync(file).size >= megabytes * 1e6) return;
  const out = createWriteStream(file);
  const rand = seededRandom(megabytes); // every run benchmarks the same bytes
  let written = 0;
  out.write("@pns 1\n@# bench:scale, generated\n");
  for (let i = 0; written < megabytes * 1e6; i++) {
    const text = `\n${problem(i, rand)}`;
    written += text.length;
    if (!out.write(text)) await new Promise((r) => out.once("drain", r));
  }
  await new Promise((r) => out.end(r));
}

/**
 * Runs `node bin/pns.js args` and measures it: wall seconds here, and with GNU time the max RSS
 * (KB) and the CPU seconds (user + system). On the shared, loaded machine the CPU seconds say
 * what the command costs; the wall time says what the user waited.
 */
function run(args, stdoutFile) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn("/usr/bin/time", ["-f", "%M %U %S", process.execPath, pns, ...args], {
      stdio: ["ignore", stdoutFile ? "pipe" : "ignore", "pipe"],
    });
    if (stdoutFile) child.stdout.pipe(createWriteStream(stdoutFile));
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      const lines = err.trim().split("\n");
      const [rssKb, user, system] = lines.at(-1).split(" ").map(Number);
      resolve({ code, seconds, cpu: user + system, rssMb: rssKb / 1024, err: lines.slice(0, -1).join("\n") });
    });
  });
}

mkdirSync(dir, { recursive: true });
console.log(
  `node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
for (const mb of sizes) {
  const file = path.join(dir, `bench-${mb}mb.pns`);
  await generate(file, mb);
  const bytes = statSync(file).size;
  const copy = path.join(dir, `copy-${mb}mb.pns`);
  const jsonl = path.join(dir, `export-${mb}mb.jsonl`);
  const cases = {
    lint: () => run(["lint", "--local", file]),
    score: () => run(["score", "--local", file]),
    "fmt-check": () => run(["fmt", "--check", file]),
    fmt: () => {
      copyFileSync(file, copy);
      return run(["fmt", copy]);
    },
    "export-jsonl": () => run(["export", file, "--format", "jsonl", "-o", jsonl]),
    "export-dpo": () => run(["export", file, "--format", "trl-dpo", "-o", path.join(dir, "dpo.jsonl")]),
    import: () => run(["import", jsonl, "-o", copy]),
  };
  for (const name of only) {
    if (name === "import" && !existsSync(jsonl)) await cases["export-jsonl"]();
    const load = loadavg()[0].toFixed(1);
    const r = await cases[name]();
    const rate = bytes / 1e6 / r.seconds;
    const cpuRate = bytes / 1e6 / r.cpu;
    console.log(
      `${(bytes / 1e6).toFixed(0).padStart(5)} MB  ${name.padEnd(12)} ${r.seconds.toFixed(1).padStart(7)} s  ${rate.toFixed(1).padStart(6)} MB/s` +
        `  CPU ${r.cpu.toFixed(1).padStart(6)} s  ${cpuRate.toFixed(1).padStart(6)} MB/CPU-s  peak RSS ${r.rssMb.toFixed(0).padStart(5)} MB  exit ${r.code}  (load ${load})`,
    );
    if (r.code === null || r.code > 1) console.log(`    ${r.err.split("\n").slice(-3).join("\n    ")}`);
  }
  rmSync(copy, { force: true });
}
