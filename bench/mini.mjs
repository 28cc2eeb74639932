// `npm run bench:mini`: the PNS-mini pipeline's time, phase by phase, on this machine. Runs
// `pns run pipeline --config examples/mini/pipeline.yaml` (the default profile, or --profile NAME)
// into a fresh runs folder, then prints each phase's seconds (from the run's phases.json), the
// total, the load average before and after, and the report's headline figures.
//
//   node bench/mini.mjs [--profile quick] [--runs-root DIR] [--python PATH]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { option } from "./options.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const profile = option("--profile", "default");
const runsRoot = option("--runs-root", mkdtempSync(path.join(tmpdir(), "pns-bench-mini-")));
const venvPython = path.join(root, "jobs", ".venv", "bin", "python");
const python = option("--python", existsSync(venvPython) ? venvPython : "python3");
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

console.log(`bench:mini: profile ${profile}, ${cpus().length} CPUs, load ${load()}, runs root ${runsRoot}`);
const started = Date.now();
const done = spawnSync(
  process.execPath,
  [
    "bin/pns.js",
    "run",
    "pipeline",
    "--config",
    "examples/mini/pipeline.yaml",
    "--profile",
    profile,
    "--runs-root",
    runsRoot,
    "--python",
    python,
  ],
  { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
);
const seconds = (Date.now() - started) / 1000;
const run = readdirSync(runsRoot)
  .filter((name) => name.endsWith("-pipeline"))
  .sort()
  .pop();
if (!run) {
  console.error(`bench:mini: no pipeline run under ${runsRoot} (exit ${done.status})`);
  process.exit(1);
}
const dir = path.join(runsRoot, run);
const phases = JSON.parse(readFileSync(path.join(dir, "phases.json"), "utf8"));
console.log(`\nphase${" ".repeat(27)}state       seconds`);
for (const phase of phases) {
  console.log(`${phase.name.padEnd(32)}${phase.state.padEnd(12)}${phase.seconds ?? "-"}`);
}
console.log(`${"total (wall, incl. start-up)".padEnd(44)}${seconds.toFixed(1)}`);
console.log(`load after: ${load()}`);
if (existsSync(path.join(dir, "report.json"))) {
  const report = JSON.parse(readFileSync(path.join(dir, "report.json"), "utf8"));
  const rl = report.reverse_rl;
  console.log(
    `base pass@1 test ${report.base.pass1.test}; RM accuracy ${report.reward_model.pairwise_accuracy}; ` +
      `RL composite ${rl.reward_first10} -> ${rl.reward_last10}, wrong ${rl.wrong_share_end}, well-formed ${rl.wellformed_share_end}`,
  );
}
process.exit(done.status ?? 1);
