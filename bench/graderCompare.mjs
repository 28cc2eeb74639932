// Before/after speed of the grader and the reward server, interleaved so that a shared machine's
// load hits both sides alike: rounds of A B B A, each run its own process, medians reported.
//
//   node bench/graderCompare.mjs --before <worktree> [--rounds N] [--passes N] [--cases <jsonl>] [--skip-http]
//
// <worktree> is a checkout of the commit to compare with (`git worktree add /tmp/before <commit>`,
// with a node_modules there). Both graders grade the same case file (this tree's by default), so the
// figures compare the code, not two different case files. The reward side is measured twice: the
// reward engine's local score in process on bench/reward.mjs's completions (the core alone), and
// each tree's own `bench/reward.mjs --prebuilt --skip-grader` against its own `pns serve-reward`
// bundle, built here (HTTP and JSON included, so server changes outside the core count too).
// In process, each figure is the fastest of several short windows (see `child`), which shields
// it from the neighbours' load; medians over rounds then compare the two sides.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleGrader, bundleRewardCore, bundleServeReward } from "./bundles.mjs";
import { flag, numberOption, option } from "./options.mjs";
import { completion } from "./rewardCompletions.mjs";

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), "..");

function cpuSeconds(since) {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

/** Child mode: load one grader bundle, grade the case file, print cold and warm rates as JSON. */
function child(bundle, casesFile, passes) {
  const grader = createRequire(here)(bundle);
  const cases = readFileSync(casesFile, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
  // Several short windows, the fastest kept: on a shared machine a window that another process
  // pre-empted or flushed the caches of runs slow, and the fastest is the nearest to the code's
  // own speed. Both sides are measured the same way.
  const run = (n, cold) => {
    const windows = 5;
    let best = { perCpuSecond: 0, perSecond: 0 };
    for (let w = 0; w < windows; w++) {
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const passesHere = Math.max(1, Math.round(n / windows));
      for (let p = 0; p < passesHere; p++) {
        for (const c of cases) {
          if (cold) grader.clearAnswerCache();
          grader.gradeResponse(c.gold, c.pred);
        }
      }
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const total = passesHere * cases.length;
      const perCpuSecond = Math.round(total / cpuSeconds(cpu0));
      if (perCpuSecond > best.perCpuSecond) best = { perCpuSecond, perSecond: Math.round(total / wall) };
    }
    return best;
  };
  run(20, true); // JIT warm-up, as bench/grader.mjs does
  const cold = run(passes, true);
  const warm = run(passes, false);
  console.log(JSON.stringify({ cold, warm }));
}

/**
 * Child mode: the reward engine's local score (grader, format rules, arithmetic claims) in process
 * on bench/reward.mjs's completions, without HTTP or JSON: completions per CPU-second.
 */
function rewardChild(bundle, passes) {
  const core = createRequire(here)(bundle);
  const settings = core.defaultSettings();
  const items = Array.from({ length: 40 * 256 }, (_, i) => completion(i));
  const run = (n) => {
    const cpu0 = process.cpuUsage();
    for (let p = 0; p < n; p++) for (const it of items) core.localScore(it.answer, it.completion, settings);
    return Math.round((n * items.length) / cpuSeconds(cpu0));
  };
  run(1);
  // The fastest of `passes` single passes, as for the grader.
  let best = 0;
  for (let p = 0; p < passes; p++) best = Math.max(best, run(1));
  console.log(JSON.stringify({ perCpuSecond: best }));
}

/** Completions per server CPU-second, one client and several, from bench/reward.mjs's table. */
function rewardRun(tree) {
  const args = [path.join(tree, "bench", "reward.mjs"), "--prebuilt", "--skip-grader", "--skip-hostile"];
  const out = execFileSync(process.execPath, args, { cwd: tree, encoding: "utf8" });
  const rows = out
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((cells) => cells.length === 9 && /^\d+$/.test(cells[0]));
  if (rows.length !== 2) throw new Error(`unexpected bench/reward.mjs output:\n${out}`);
  const num = (s) => Number(s.replace(/,/g, ""));
  return { oneClient: num(rows[0][5]), clients: num(rows[1][5]) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
};
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

async function main() {
  const before = option("--before");
  if (!before) throw new Error("usage: node bench/graderCompare.mjs --before <worktree> [--rounds N]");
  const rounds = numberOption("--rounds", 4);
  const passes = numberOption("--passes", 40);
  const cases = path.resolve(option("--cases", path.join(root, "test", "fixtures", "grader", "cases.jsonl")));
  const trees = { before: path.resolve(before), after: root };
  const bundles = { before: await bundleGrader(trees.before), after: await bundleGrader(trees.after) };
  const cores = { before: await bundleRewardCore(trees.before), after: await bundleRewardCore(trees.after) };
  const http = !flag("--skip-http");
  if (http) {
    await bundleServeReward(trees.before);
    await bundleServeReward(trees.after);
  }
  const node = (args) => JSON.parse(execFileSync(process.execPath, [here, ...args], { encoding: "utf8" }));
  const results = { before: [], after: [] };
  const loads = [];
  for (let r = 0; r < rounds; r++) {
    // A B B A: neither side always goes first.
    for (const side of r % 2 ? ["after", "before"] : ["before", "after"]) {
      const grader = node(["--child", bundles[side], cases, String(passes)]);
      const core = node(["--reward-child", cores[side], "4"]);
      const reward = http ? rewardRun(trees[side]) : undefined;
      results[side].push({ grader, core, reward });
      loads.push(load());
      console.log(
        `round ${r + 1} ${side.padEnd(6)} grader cold ${grader.cold.perCpuSecond} warm ${grader.warm.perCpuSecond}/CPU-s;` +
          ` reward core ${core.perCpuSecond}/CPU-s` +
          (reward ? `; over HTTP ${reward.oneClient} / ${reward.clients} per server CPU-s` : "") +
          `  (load ${loads.at(-1)})`,
      );
    }
  }
  console.log(`\nmedians over ${rounds} rounds, ${cases} x ${passes} passes, Node ${process.version}`);
  const pick = (side, f) => median(results[side].map(f));
  const rows = [
    ["grader cold, comparisons/CPU-s", (x) => x.grader.cold.perCpuSecond],
    ["grader warm, comparisons/CPU-s", (x) => x.grader.warm.perCpuSecond],
    ["grader cold, comparisons/s wall", (x) => x.grader.cold.perSecond],
    ["grader warm, comparisons/s wall", (x) => x.grader.warm.perSecond],
    ["reward core in process, completions/CPU-s", (x) => x.core.perCpuSecond],
    ...(http
      ? [
          ["reward HTTP, 1 client, per server CPU-s", (x) => x.reward.oneClient],
          ["reward HTTP, 4 clients, per server CPU-s", (x) => x.reward.clients],
        ]
      : []),
  ];
  for (const [name, f] of rows) {
    const b = pick("before", f);
    const a = pick("after", f);
    const change = (((a - b) / b) * 100).toFixed(1);
    console.log(
      `${name.padEnd(44)} before ${String(b).padStart(7)}  after ${String(a).padStart(7)}  ${change}%`,
    );
  }
  console.log(`load averages during the rounds: ${loads[0]} … ${loads.at(-1)}`);
}

if (process.argv[2] === "--child") child(process.argv[3], process.argv[4], Number(process.argv[5]));
else if (process.argv[2] === "--reward-child") rewardChild(process.argv[3], Number(process.argv[4]));
else await main();
