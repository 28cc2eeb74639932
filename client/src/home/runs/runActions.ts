/**
 * What the Runs view's rows do: open curves (several selected runs overlaid), samples, log,
 * config; reveal; resume, cancel and delete. Job actions refuse in an untrusted workspace and
 * say why; delete and cancel ask first. Every id is contributed in package.json.
 */
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import * as path from "node:path";
import * as vscode from "vscode";
import { TASK_TYPE, type PnsTaskDefinition } from "../../tasks/definition";
import type { JobTasks } from "../../tasks/index";
import { UNTRUSTED_JOBS } from "../../tasks/taskProvider";
import { parseLaunchRecord } from "./launchRecord";
import type { RunsNode, RunsTreeProvider } from "./runsTree";
import { COMMANDS } from "../../../../server/src/protocol/commands";

type RunNode = Extract<RunsNode, { kind: "run" }>;

/** The run nodes a command applies to: the selection when the clicked row is part of it. */
function targets(clicked: unknown, selected: unknown): RunNode[] {
  const isRun = (n: unknown): n is RunNode => !!n && typeof n === "object" && (n as RunsNode).kind === "run";
  const list = Array.isArray(selected) ? selected.filter(isRun) : [];
  if (isRun(clicked) && !list.includes(clicked)) return [clicked];
  return list.length ? list : isRun(clicked) ? [clicked] : [];
}

export async function refuseUntrusted(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return false;
  const choice = await vscode.window.showWarningMessage(UNTRUSTED_JOBS, "Manage Workspace Trust");
  if (choice) await vscode.commands.executeCommand("workbench.trust.manage");
  return true;
}

async function openIfPresent(file: string, missing: string): Promise<void> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.file(file));
  } catch {
    void vscode.window.showInformationMessage(missing);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
}

async function slurmOutput(dir: string): Promise<string | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /^slurm-\d+\.out$/.test(n)).sort().at(-1);
}

function insideWorkspace(file: string): boolean {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) !== undefined;
}

export function registerRunActions(tree: RunsTreeProvider, jobs: JobTasks): vscode.Disposable[] {
  const openCurves = async (clicked?: unknown, selected?: unknown) => {
    const runs = targets(clicked, selected);
    if (!runs.length) return;
    await vscode.commands.executeCommand(
      "pns.showTrainingCurves",
      runs.map((r) => vscode.Uri.file(r.entry.dir)),
    );
  };

  const openSamples = async (clicked?: unknown) => {
    const [run] = targets(clicked, undefined);
    if (!run) return;
    const dir = run.entry.dir;
    const summary = await tree.summary(dir);
    const candidates = ["samples.jsonl", path.join("outputs", "negatives.pns"), path.join("outputs", "samples.jsonl")];
    for (const name of candidates) {
      const file = path.join(dir, name);
      try {
        await vscode.workspace.fs.stat(vscode.Uri.file(file));
      } catch {
        continue;
      }
      // Logged rollouts/pairs open in the curves panel at the last step; datasets and eval samples as files.
      if (name === "samples.jsonl")
        await vscode.commands.executeCommand("pns.showTrainingCurves", {
          runs: [dir],
          step: summary.metric?.step ?? Number.MAX_SAFE_INTEGER,
        });
      else await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
      return;
    }
    void vscode.window.showInformationMessage(
      `PNS: ${run.entry.name} has no samples (samples.jsonl, outputs/negatives.pns or outputs/samples.jsonl).`,
    );
  };

  const openLog = async (clicked?: unknown) => {
    const [run] = targets(clicked, undefined);
    if (!run) return;
    const slurm = await slurmOutput(run.entry.dir);
    const file = path.join(run.entry.dir, (await exists(path.join(run.entry.dir, "log.txt"))) || !slurm ? "log.txt" : slurm);
    await openIfPresent(file, `PNS: ${run.entry.name} has no log yet (log.txt).`);
  };

  const openConfig = async (clicked?: unknown) => {
    const [run] = targets(clicked, undefined);
    if (!run) return;
    await openIfPresent(path.join(run.entry.dir, "config.yaml"), `PNS: ${run.entry.name} has no config.yaml.`);
  };

  const reveal = async (clicked?: unknown) => {
    const [run] = targets(clicked, undefined);
    if (!run) return;
    const uri = vscode.Uri.file(run.entry.dir);
    await vscode.commands.executeCommand(insideWorkspace(run.entry.dir) ? "revealInExplorer" : "revealFileInOS", uri);
  };

  const resume = async (clicked?: unknown) => {
    const [run] = targets(clicked, undefined);
    if (!run || (await refuseUntrusted())) return;
    const dir = run.entry.dir;
    const summary = await tree.summary(dir);
    if (summary.state === "running") {
      void vscode.window.showInformationMessage(`PNS: ${run.entry.name} is still running.`);
      return;
    }
    const record = parseLaunchRecord(await readFile(path.join(dir, "command.json"), "utf8").catch(() => ""));
    const config = record.config ?? path.join(dir, "config.yaml");
    if (!(await exists(config))) {
      void vscode.window.showErrorMessage(
        `PNS: cannot resume ${run.entry.name}: its config (${config}) is gone and the run has no config.yaml.`,
      );
      return;
    }
    const folder =
      vscode.workspace.getWorkspaceFolder(vscode.Uri.file(config)) ?? vscode.workspace.workspaceFolders?.[0];
    const definition = {
      type: TASK_TYPE,
      job: summary.job,
      config,
      resume: dir,
      ...(record.cwd ? { cwd: record.cwd } : {}),
    } as PnsTaskDefinition;
    await vscode.tasks.executeTask(jobs.provider.createTask(definition, folder, path.basename(config)));
  };

  const cancel = async (clicked?: unknown) => {
    const [run] = targets(clicked, undefined);
    if (!run || (await refuseUntrusted())) return;
    const dir = run.entry.dir;
    const summary = await tree.summary(dir);
    if (summary.state !== "running") {
      void vscode.window.showInformationMessage(`PNS: ${run.entry.name} is not running (${summary.state}).`);
      return;
    }
    const ok = await vscode.window.showWarningMessage(
      `Cancel the ${summary.job} run ${run.entry.name}?`,
      { modal: true, detail: "The job records `cancelled`; `pns run <job> --resume` continues it from its last checkpoint." },
      "Cancel Run",
    );
    if (!ok) return;
    const label = jobs.tracker.labelForRunDir(dir);
    const execution = label ? vscode.tasks.taskExecutions.find((e) => e.task.name === label) : undefined;
    if (execution) {
      execution.terminate(); // the task's terminal stops pns run, which stops the job (docs/tasks.md)
      return;
    }
    if (summary.slurmJobId) {
      execFile("scancel", [summary.slurmJobId], (error) => {
        if (error) void vscode.window.showErrorMessage(`PNS: scancel ${summary.slurmJobId} failed: ${error.message}`);
      });
      return;
    }
    await signalJob(dir, run.entry.name);
  };

  const remove = async (clicked?: unknown, selected?: unknown) => {
    const runs = targets(clicked, selected);
    if (!runs.length) return;
    const running = [];
    for (const run of runs) if ((await tree.summary(run.entry.dir)).state === "running") running.push(run.entry.name);
    if (running.length) {
      void vscode.window.showWarningMessage(`PNS: cancel ${running.join(", ")} before deleting: it is still running.`);
      return;
    }
    const names = runs.map((r) => r.entry.name);
    const ok = await vscode.window.showWarningMessage(
      runs.length === 1 ? `Delete the run folder ${names[0]}?` : `Delete ${runs.length} run folders?`,
      { modal: true, detail: `${names.join("\n")}\n\nThey are moved to the trash with their checkpoints and outputs.` },
      "Move to Trash",
    );
    if (!ok) return;
    for (const run of runs) {
      const uri = vscode.Uri.file(run.entry.dir);
      try {
        await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: true });
      } catch (error) {
        const again = await vscode.window.showWarningMessage(
          `PNS: ${run.entry.name} could not be moved to the trash (${String(error)}).`,
          { modal: true },
          "Delete Permanently",
        );
        if (again) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
      }
    }
    tree.refresh();
  };

  // Literal ids: the manifest contract test matches registrations against package.json.
  return [
    vscode.commands.registerCommand(COMMANDS.runsRefresh, () => tree.refresh()),
    vscode.commands.registerCommand(COMMANDS.runsShowMore, (node: RunsNode) => tree.showMore(node)),
    vscode.commands.registerCommand(COMMANDS.runsOpenCurves, openCurves),
    vscode.commands.registerCommand(COMMANDS.runsOpenSamples, openSamples),
    vscode.commands.registerCommand(COMMANDS.runsOpenLog, openLog),
    vscode.commands.registerCommand(COMMANDS.runsOpenConfig, openConfig),
    vscode.commands.registerCommand(COMMANDS.runsReveal, reveal),
    vscode.commands.registerCommand(COMMANDS.runsResume, resume),
    vscode.commands.registerCommand(COMMANDS.runsCancel, cancel),
    vscode.commands.registerCommand(COMMANDS.runsDelete, remove),
  ];
}

async function exists(file: string): Promise<boolean> {
  return vscode.workspace.fs.stat(vscode.Uri.file(file)).then(
    () => true,
    () => false,
  );
}

/**
 * A local run not started from this window: SIGTERM to the pid in status.json (the job records
 * `cancelled`), only after /proc shows that pid is still a PNS job, never a recycled pid.
 */
async function signalJob(dir: string, name: string): Promise<void> {
  let pid: unknown;
  try {
    pid = (JSON.parse(await readFile(path.join(dir, "status.json"), "utf8")) as { pid?: unknown }).pid;
  } catch {
    pid = undefined;
  }
  const cmdline =
    typeof pid === "number" ? await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "") : "";
  if (typeof pid !== "number" || !cmdline.includes("pns_jobs")) {
    void vscode.window.showWarningMessage(
      `PNS: ${name} was not started from this window and no PNS job process ${typeof pid === "number" ? `with pid ${pid} ` : ""}runs on this machine; stop it where it runs (Ctrl-C in its terminal, or scancel).`,
    );
    return;
  }
  process.kill(pid, "SIGTERM");
}
