import * as assert from "node:assert/strict";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { PnsExtensionApi } from "../../client/src/extension";
import type { RunsNode } from "../../client/src/home/runs/runsTree";
import { demoUri, EXTENSION_ID, waitFor } from "./util";

/**
 * The PNS home inside a real VS Code: the Runs view over a runs root outside the workspace (as a
 * task that starts `pns run` above the workspace folder leaves one), refreshed by its file
 * watcher when a run's status.json changes, and deep links, stale ones included.
 */
export function homeSuite(): void {
  describe("PNS home", () => {
    let api: PnsExtensionApi;
    let root: string;

    before(async () => {
      api =
        (await vscode.extensions.getExtension<PnsExtensionApi>(EXTENSION_ID)!.activate()) ?? assert.fail();
      root = mkdtempSync(path.join(os.tmpdir(), "pns-home-"));
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    const runLabel = async (node: RunsNode) => String((await api.home.runs.getTreeItem(node)).description);

    /** Resolves true when the Runs view refreshes `node` (or everything) within `ms`, else false. */
    const refreshedWithin = (node: RunsNode, ms: number) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          sub.dispose();
          resolve(false);
        }, ms);
        const sub = api.home.runs.onDidChangeTreeData((changed) => {
          if (changed !== node && changed !== undefined) return;
          clearTimeout(timer);
          sub.dispose();
          resolve(true);
        });
      });

    it("lists a reported run and follows its status.json", async () => {
      const dir = path.join(root, "runs", "20261126T060637Z-reverse-rl");
      mkdirSync(dir, { recursive: true });
      const status = (state: string) =>
        writeFileSync(
          path.join(dir, "status.json"),
          JSON.stringify({ job: "reverse-rl", state, started: "2026-11-26T06:06:37Z" }),
        );
      const metric = (step: number) =>
        appendFileSync(path.join(dir, "metrics.jsonl"), `${JSON.stringify({ step, reward: 0.5 })}\n`);
      status("running");
      metric(3);
      await api.home.roots.remember(dir);
      const run = await waitFor("the run in the Runs view", async () => {
        const tops = await api.home.runs.getChildren();
        for (const top of tops) {
          const groups = top.kind === "root" ? await api.home.runs.getChildren(top) : [top];
          for (const group of groups)
            if (group.kind === "group" && group.job === "reverse-rl")
              for (const node of await api.home.runs.getChildren(group))
                if (node.kind === "run" && node.entry.dir === dir) return node;
        }
        return undefined;
      });
      assert.match(await runLabel(run), /^running · .* · reward 0\.5 @ 3$/);
      // The root is new, so the view has just created its watcher, and VS Code starts a watcher
      // asynchronously: what changes before it runs is not seen, and nothing says when it runs.
      // Append metrics rows, as a running job does, until the row follows one: from then on the
      // watcher is live. (Writing the new state at once raced that start and timed out in CI.)
      let step = 3;
      await waitFor("the row to follow metrics.jsonl (the new root's watcher running)", async () => {
        const refreshed = refreshedWithin(run, 2_000);
        metric(++step);
        return (await refreshed) && new RegExp(`reward 0\\.5 @ ${step}$`).test(await runLabel(run));
      });
      const refreshed = refreshedWithin(run, 20_000);
      status("succeeded");
      assert.ok(
        await refreshed,
        "the Runs view did not refresh the run within 20 s of its status.json changing",
      );
      await waitFor("the row to say succeeded", async () => /^succeeded/.test(await runLabel(run)));
    });

    it("shows a pipeline config's phases with their state in the config's latest run", async () => {
      const pipeline = await waitFor("the pipeline job in the Jobs view", async () =>
        (await api.home.jobs.getChildren()).find((n) => n.kind === "job" && n.job === "pipeline"),
      );
      const config = await waitFor("mini/pipeline.yaml under it", async () =>
        (await api.home.jobs.getChildren(pipeline)).find(
          (n) => n.kind === "config" && n.config.relative === "mini/pipeline.yaml",
        ),
      );
      assert.equal(config.kind, "config");
      const file = config.kind === "config" ? config.config.uri.fsPath : "";
      const phases = async () =>
        (await api.home.jobs.getChildren(config)).map((n) =>
          n.kind === "phase" ? `${n.phase.name}:${n.phase.state}` : n.kind,
        );
      // A run of this config, newer than any other, in a runs root outside the workspace.
      const dir = path.join(root, "pipelines", "20991231T235959Z-pipeline");
      mkdirSync(dir, { recursive: true });
      const write = (name: string, value: unknown) =>
        writeFileSync(path.join(dir, name), JSON.stringify(value));
      write("status.json", { job: "pipeline", state: "running" });
      write("command.json", {
        argv: ["-m", "pns_jobs.pipeline", "--config", file],
        cwd: "/",
        job: "pipeline",
      });
      write("phases.json", [
        { name: "data", state: "succeeded", run_dir: null, seconds: 0.2 },
        { name: "base_eval", state: "running", run_dir: null },
      ]);
      await api.home.roots.remember(dir);
      await waitFor("the phases of that run", async () =>
        (await phases())
          .join(" ")
          .startsWith("data:succeeded base_eval:running base_band:pending sample:pending"),
      );
    });

    it("opens a sample from a deep link", async () => {
      const lines = readFileSync(demoUri().fsPath, "utf8").split("\n");
      const problem = lines.findIndex((l) => l.startsWith("@problem fractions-2 "));
      const sample = lines.findIndex((l, i) => i > problem && /^@negative\b/.test(l));
      const outcome = await handle(
        `open?file=${encodeURIComponent(demoUri().fsPath)}&problem=fractions-2&sample=1`,
      );
      assert.match(outcome, /fractions-2, sample 1/);
      assert.equal(vscode.window.activeTextEditor?.selection.active.line, sample);
    });

    it("explains stale and foreign links instead of failing", async () => {
      // A runs root outside the workspace, as a job reports one: links into it are allowed.
      await api.home.roots.remember(path.join(root, "runs", "20261126T060637Z-reverse-rl"));
      assert.match(
        await handle(`open?run=${encodeURIComponent(path.join(root, "runs", "gone"))}&step=2`),
        /no longer exists/,
      );
      assert.match(
        await handle(`open?file=${encodeURIComponent(demoUri().fsPath)}&problem=no-such-id`),
        /is not in demo\.pns/,
      );
      assert.match(
        await handle(`open?file=${encodeURIComponent(demoUri().fsPath)}&problem=fractions-2&sample=99`),
        /sample 99 does not exist/,
      );
      assert.match(await handle("open?file=/etc/passwd"), /outside this workspace/);
      assert.match(await handle("open?step=x"), /cannot be opened/);
    });

    async function handle(pathAndQuery: string): Promise<string> {
      const [linkPath, query] = pathAndQuery.split("?");
      const done = new Promise<string>((resolve) => {
        const sub = api.home.links.onDidHandle((event) => {
          sub.dispose();
          resolve(event.outcome);
        });
      });
      await api.home.links.handleUri(
        vscode.Uri.from({
          scheme: vscode.env.uriScheme,
          authority: EXTENSION_ID,
          path: `/${linkPath}`,
          query,
        }),
      );
      return done;
    }
  });
}
