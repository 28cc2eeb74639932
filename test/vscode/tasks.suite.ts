import * as assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { waitFor } from "./util";

/**
 * Jobs as tasks, in the `examples/` workspace: the provider finds the tiny configs, a task from a
 * definition alone (as tasks.json gives it) is resolved and run through `pns run`, and a config
 * error lands in the Problems panel through the `$pns-job` matcher.
 */
export function tasksSuite(): void {
  describe("pns tasks", () => {
    it("provides one task per job config, with the pns problem matcher", async () => {
      const tasks = await waitFor("pns tasks", async () => {
        const found = await vscode.tasks.fetchTasks({ type: "pns" });
        return found.length >= 5 ? found : undefined;
      });
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
  });
}
