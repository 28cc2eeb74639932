// `npm run demo`: the main path on the bundled demo data, with no endpoint and no GPU.
// Lints and scores examples/demo.pns with the local reward components, writes DPO pairs and
// GRPO prompts to runs/demo/, then trains the PNS generator by reverse RL from the PNS-mini base
// model (examples/mini/base: 1.06M parameters, writes well-formed solutions, about half right) on
// CPU against the same reward, so the composite rises as it learns to be plausibly wrong (creating
// jobs/.venv the first time: about 1.5 minutes). `--no-train` stops after the export.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dataset = "examples/demo.pns";
const outDir = "runs/demo";
mkdirSync(path.join(root, outDir), { recursive: true });

function step(title, args, { allowFindings = false } = {}) {
  console.log(`\n\u2500\u2500 ${title}\n$ pns ${args.join(" ")}`);
  const result = spawnSync(process.execPath, ["bin/pns.js", ...args], { cwd: root, stdio: "inherit" });
  const code = result.status ?? 2;
  // Exit 1 means "the data has findings": that is the point of the demo dataset, not a failure.
  if (code === 0 || (allowFindings && code === 1)) return;
  console.error(`\nThe demo stopped: \`pns ${args.join(" ")}\` exited with ${code}.`);
  process.exit(code);
}

/** Runs a setup command; stops the demo with its exit code when it fails. */
function run(command, args) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PYTHONPATH: "jobs" },
  });
  if (result.status === 0) return;
  console.error(
    `\nThe demo stopped: \`${command} ${args.join(" ")}\` exited with ${result.status ?? result.signal}.`,
  );
  process.exit(result.status ?? 2);
}

const build = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 2);

step("Lint: planted weak negatives, false negatives and a mislabelled positive", ["lint", dataset], {
  allowFindings: true,
});
step("Score: each sample's reward components and composite (local components only)", ["score", dataset]);
step("Export DPO pairs (chosen = a correct solution, rejected = a plausible negative)", [
  "export",
  dataset,
  "--format",
  "trl-dpo",
  "-o",
  `${outDir}/dpo.jsonl`,
]);
step("Export GRPO prompts for the reverse-RL generator", [
  "export",
  dataset,
  "--format",
  "grpo",
  "-o",
  `${outDir}/grpo.jsonl`,
]);

if (!process.argv.includes("--no-train")) {
  const python = path.join("jobs", ".venv", "bin", "python");
  console.log("\n\u2500\u2500 Python environment for the jobs (offline-capable; cached after the first run)");
  run("bash", ["jobs/setup-venv.sh"]);
  step(
    "Train the PNS generator by reverse RL: TRL GRPO from the PNS-mini base model against pns serve-reward",
    ["run", "reverse-rl", "--config", "examples/mini/reverse-rl.yaml", "--python", python],
  );
}

console.log(`\nDone. DPO pairs: ${outDir}/dpo.jsonl, GRPO prompts: ${outDir}/grpo.jsonl`);
if (!process.argv.includes("--no-train"))
  console.log(
    "The reverse-RL run directory is printed above (PNS_RUN_DIR=...): its metrics.jsonl shows the composite rising.\n" +
      "The whole method (reward model, reverse RL, synthesis, DPO arms, report): pns run pipeline --config examples/mini/pipeline.yaml",
  );
console.log(
  "Next: open examples/ in VS Code with the extension (`npm run package`), or `npm start` for code-server.",
);
