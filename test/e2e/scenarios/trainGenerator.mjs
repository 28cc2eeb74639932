// Train the generator from the palette, as docs/jobs.md describes: "PNS: Train generator (reverse
// RL)", pick the demo's config (reverse RL from the PNS-mini base model, whose reward rises); the
// task terminal shows `pns run` progress, the job ends with `succeeded`, and the end-of-job
// notification says so.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../harness/tools.mjs";
import { StopWaiting, waitUntil } from "../harness/wait.mjs";
import {
  pickInQuickPick,
  runCommand,
  showTerminal,
  terminalText,
  notificationTexts,
} from "../harness/workbench.mjs";

const PYTHON = path.join(repoRoot, "jobs", ".venv", "bin", "python");
const CONFIG = "mini/reverse-rl.yaml";
/** jobTracker.ts: "PNS: reverse-rl: mini/reverse-rl.yaml succeeded in 49.9s". */
const NOTIFICATION = /PNS: reverse-rl\b.*succeeded/;

/** The jobs' Python environment, built once (npm test's jobs suite usually has it ready; a fresh
 * clone pays about 1.5 minutes here). The mini base model is committed under examples/mini/. */
function ensureJobPrerequisites() {
  const steps = [[PYTHON, "bash", ["jobs/setup-venv.sh"]]];
  for (const [product, command, args] of steps) {
    if (existsSync(product)) continue;
    const result = spawnSync(command, args, {
      cwd: repoRoot,
      stdio: "inherit",
      env: { ...process.env, PYTHONPATH: path.join(repoRoot, "jobs") },
    });
    if (result.status !== 0)
      throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
  }
}

/** @type {import("./types.mjs").Scenario} */
export default {
  name: "train-generator",
  title: "run PNS: Train generator (reverse RL) from the PNS-mini base model",
  prepare() {
    // The mini config names `examples/mini/base` and `examples/mini/problems.pns` from the
    // repository root; the workspace copy of examples/ has the same layout (pns run starts in
    // that ancestor).
    ensureJobPrerequisites();
  },
  settings: () => ({ "pns.jobs.pythonPath": PYTHON }),
  async run({ page, shots, log }) {
    await runCommand(page, "PNS: Train generator (reverse RL)");
    await pickInQuickPick(page, CONFIG);
    await showTerminal(page);
    await waitUntil(
      "the task terminal shows the pns run command",
      async () => (await terminalText(page)).includes("pns run reverse-rl"),
      { timeoutMs: 30_000 },
    );
    await shots.take(page, "task-started");
    // Fails at once (with the terminal's text) if the job stops before any progress.
    const progress = await waitUntil(
      "the task terminal shows training progress ([pns] step N/M)",
      async () => {
        const text = await terminalText(page);
        const step = /\[pns\] step \d+\/\d+[^\n]*/.exec(text)?.[0];
        if (!step && /terminated with exit code|\[pns\] nothing was started|reverse-rl failed/.test(text)) {
          throw new StopWaiting(`the job stopped before any progress:\n${text}`);
        }
        return step;
      },
      { timeoutMs: 240_000, intervalMs: 500 },
    );
    log(`progress: ${progress.trim()}`);
    await shots.take(page, "task-progress");
    const end = await waitUntil(
      "the job ends ([pns] reverse-rl succeeded|failed)",
      async () => /\[pns\] reverse-rl (succeeded|failed|cancelled)[^\n]*/.exec(await terminalText(page))?.[0],
      { timeoutMs: 300_000, intervalMs: 500 },
    );
    await shots.take(page, "task-finished");
    log(`end: ${end.trim()}`);
    if (!/succeeded/.test(end))
      throw new Error(`the job did not succeed: ${end}\n${await terminalText(page)}`);
    const toast = await waitUntil(
      "the end-of-job notification",
      async () => (await notificationTexts(page, NOTIFICATION)).find((text) => NOTIFICATION.test(text)),
      { timeoutMs: 30_000 },
    );
    log(`notification: ${toast.replace(/\s+/g, " ")}`);
    await shots.take(page, "notification", { publish: "task.png" });
  },
};
