import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { extensionRoot, waitFor } from "./util";

function statSafe(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Jobs as tasks, in the `examples/` workspace: the provider finds the tiny configs, a task from a
 * definition alone (as tasks.json gives it) is resolved and run through `pns run`, and a config
 * error lands in the Problems panel through the `$pns-job` matcher.
 */
export function tasksSuite(): void {
  describe("pns tasks", () => {
    it("provides one task per job config, with the pns problem matcher", async function () {
      this.timeout(120_000);
      // The first fetch activates the extension and scans the workspace (examples/ has three
      // folders of configs): 10 s on a quiet machine, past 30 s under CI's load.
      const tasks = await waitFor(
        "pns tasks",
        async () => {
          const found = await vscode.tasks.fetchTasks({ type: "pns" });
          return found.length >= 5 ? found : undefined;
        },
        90_000,
      );
      const byJob = new Map(tasks.map((t) => [t.definition.job as string, t]));
      for (const job of ["reward-model", "reverse-rl", "synthesize", "dpo", "eval"]) {
        const task = byJob.get(job);
        assert.ok(task, `no task for ${job}`);
        assert.equal(task.definition.config, `tiny/${job}.yaml`);
        assert.deepEqual(task.problemMatchers, ["$pns-job"]);
        assert.ok(task.execution instanceof vscode.CustomExecution);
      }
    });

    it("contributes the job commands", async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const id of [
        "pns.trainRewardModel",
        "pns.trainGenerator",
        "pns.synthesizeNegatives",
        "pns.trainDpo",
        "pns.evaluate",
      ])
        assert.ok(commands.includes(id), id);
    });

    it("runs a provided task through pns run and puts the config error in the Problems panel", async function () {
      if (!vscode.workspace.isTrusted) this.skip(); // no jobs in untrusted workspaces, by design
      // Inside the workspace (so the provider finds it) but in a git-ignored folder.
      const folder = vscode.workspace.workspaceFolders![0];
      const dir = path.join(folder.uri.fsPath, ".test-artifacts", "pns-tasks");
      mkdirSync(dir, { recursive: true });
      const config = path.join(dir, "broken-dpo.yaml");
      writeFileSync(config, "model_name_or_path: x\ndataset: data.pns\nbeta: [0.1\n");
      try {
        const task = await waitFor("the broken config's task", async () =>
          (await vscode.tasks.fetchTasks({ type: "pns" })).find((t) =>
            String(t.definition.config).endsWith("broken-dpo.yaml"),
          ),
        );
        assert.equal(task.definition.job, "dpo");
        let ended = false;
        const sub = vscode.tasks.onDidEndTask((e) => {
          if (e.execution.task.name === task.name) ended = true;
        });
        await vscode.tasks.executeTask(task);
        const problems = await waitFor("a pns run problem on the config", () => {
          const found = vscode.languages.getDiagnostics(vscode.Uri.file(config));
          return found.length > 0 ? found : undefined;
        });
        assert.equal(problems[0].severity, vscode.DiagnosticSeverity.Error);
        assert.equal(problems[0].source, "pns run");
        assert.ok(problems[0].range.start.line >= 1, `problem at line ${problems[0].range.start.line + 1}`);
        await waitFor("the task to end", () => ended);
        sub.dispose();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("cancels a real reverse-RL run when its task is terminated, leaving the run marked cancelled", async function () {
      const root = extensionRoot();
      const ready =
        existsSync(path.join(root, "jobs", ".venv", "bin", "python")) &&
        existsSync(path.join(root, ".cache", "tiny-qwen3"));
      if (!vscode.workspace.isTrusted || !ready) this.skip(); // needs `bash jobs/setup-venv.sh` and the tiny model
      this.timeout(180_000);
      // The tiny config with its paths written relative to itself, in a git-ignored folder of the
      // workspace: pns run must start in the config's folder (so runs/ lands there, away from
      // any other run of the same job) for them to resolve.
      const folder = vscode.workspace.workspaceFolders![0];
      const dir = path.join(folder.uri.fsPath, ".test-artifacts", "pns-tasks-rl");
      mkdirSync(dir, { recursive: true });
      const tiny = readFileSync(path.join(root, "examples", "tiny", "reverse-rl.yaml"), "utf8");
      writeFileSync(
        path.join(dir, "reverse-rl.yaml"),
        tiny
          .replace(
            /^model_name_or_path: .*$/m,
            `model_name_or_path: ${path.relative(dir, path.join(root, ".cache", "tiny-qwen3"))}`,
          )
          .replace(
            /^dataset: .*$/m,
            `dataset: ${path.relative(dir, path.join(root, "examples", "tiny", "tiny.pns"))}`,
          ),
      );
      try {
        const task = await waitFor("the copied config's task", async () =>
          (await vscode.tasks.fetchTasks({ type: "pns" })).find((t) =>
            String(t.definition.config).endsWith("pns-tasks-rl/reverse-rl.yaml"),
          ),
        );
        let ended = false;
        const sub = vscode.tasks.onDidEndTask((e) => {
          if (e.execution.task.name === task.name) ended = true;
        });
        const execution = await vscode.tasks.executeTask(task);
        const runs = path.join(dir, "runs");
        const runDir = await waitFor(
          "a reverse-rl run directory next to the config",
          () => {
            const found = existsSync(runs) ? readdirSync(runs).filter((n) => n.endsWith("-reverse-rl")) : [];
            return found.length > 0 ? path.join(runs, found[0]) : undefined;
          },
          60_000,
        );
        const state = () => {
          try {
            return (JSON.parse(readFileSync(path.join(runDir, "status.json"), "utf8")) as { state: string })
              .state;
          } catch {
            return undefined; // not written yet, or mid-write
          }
        };
        // Wait until the Python job itself writes its log, so the cancel reaches the trainer.
        await waitFor("the job's first output", () => statSafe(path.join(runDir, "log.txt")) > 0, 120_000);
        execution.terminate();
        await waitFor("the task to end", () => ended, 60_000);
        sub.dispose();
        assert.equal(
          await waitFor("a final state", () => (state() !== "running" ? state() : undefined), 30_000),
          "cancelled",
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
