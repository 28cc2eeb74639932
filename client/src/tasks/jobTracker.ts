/**
 * Job state in the status bar (the running job, its step and metrics; Slurm state while queued)
 * and, when a job ends, one notification offering what to look at next: the training curves of a
 * training run, the written dataset of a synthesis run, the results table of an evaluation.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { findJob, type JobName } from "../../../server/src/protocol/jobs";
import { applyEvent, endFromExit, type JobSummary, statusText } from "./jobSummary";
import type { JobEvent } from "./outputParser";

export const SHOW_JOB_OUTPUT = "pns.showJobOutput";
/** Contributed by the webview engineer's curves panel; offered only when registered. */
export const SHOW_TRAINING_CURVES = "pns.showTrainingCurves";

export interface TrackedRun {
  event(event: JobEvent): void;
  finish(code: number, cancelled: boolean): void;
}

export class JobTracker implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly running = new Map<number, JobSummary>();
  private nextId = 1;
  private readonly ended = new vscode.EventEmitter<JobSummary>();
  /** Fires with the final summary of every run (the in-editor tests wait on it). */
  readonly onDidEndJob = this.ended.event;
  private readonly updated = new vscode.EventEmitter<JobSummary>();
  /** Fires whenever a running job's summary changes (the Runs view learns run directories from it). */
  readonly onDidUpdateJob = this.updated.event;

  constructor() {
    this.item = vscode.window.createStatusBarItem("pns.jobs", vscode.StatusBarAlignment.Left, 50);
    this.item.name = "PNS job";
    this.item.command = SHOW_JOB_OUTPUT;
  }

  start(job: JobName, label: string): TrackedRun {
    const id = this.nextId++;
    this.running.set(id, { job, label });
    this.render();
    return {
      event: (event) => {
        const current = this.running.get(id);
        if (!current) return;
        const next = applyEvent(current, event);
        this.running.set(id, next);
        this.render();
        this.updated.fire(next);
      },
      finish: (code, cancelled) => {
        const current = this.running.get(id);
        if (!current) return;
        this.running.delete(id);
        this.render();
        const summary: JobSummary = { ...current, end: endFromExit(current, code, cancelled) };
        this.ended.fire(summary);
        void offerNextStep(summary);
      },
    };
  }

  /** The task label of the running job writing `runDir` (Cancel in the Runs view terminates it). */
  labelForRunDir(runDir: string): string | undefined {
    return [...this.running.values()].find((run) => run.runDir === runDir)?.label;
  }

  /** The label of the newest running job, for the show-output command. */
  latestLabel(): string | undefined {
    return [...this.running.values()].at(-1)?.label;
  }

  private render(): void {
    const runs = [...this.running.values()];
    const latest = runs.at(-1);
    if (!latest) {
      this.item.hide();
      return;
    }
    const more = runs.length > 1 ? ` (+${runs.length - 1})` : "";
    this.item.text = `$(loading~spin) PNS ${statusText(latest)}${more}`;
    const tooltip = new vscode.MarkdownString();
    // Live curves while training: the panel tails metrics.jsonl of the run directory.
    tooltip.isTrusted = { enabledCommands: [SHOW_TRAINING_CURVES] };
    for (const run of runs) {
      tooltip.appendMarkdown("**").appendText(run.label).appendMarkdown("**");
      if (run.metrics) tooltip.appendText(` — ${run.metrics}`);
      if (run.runDir) {
        tooltip.appendMarkdown("  \n").appendText(`run dir ${run.runDir}`);
        if (findJob(run.job)?.trains) {
          const args = encodeURIComponent(JSON.stringify([run.runDir]));
          tooltip.appendMarkdown(` · [Open Training Curves](command:${SHOW_TRAINING_CURVES}?${args})`);
        }
      }
      tooltip.appendMarkdown("\n\n");
    }
    tooltip.appendMarkdown("Click to show the job's terminal.");
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.ended.dispose();
    this.updated.dispose();
  }
}

async function offerNextStep(summary: JobSummary): Promise<void> {
  const end = summary.end;
  if (!end) return;
  const spec = findJob(summary.job);
  const actions: { title: string; run: () => Thenable<unknown> }[] = [];
  const runDir = summary.runDir;
  if (runDir && spec?.trains && (await vscode.commands.getCommands(true)).includes(SHOW_TRAINING_CURVES))
    actions.push({
      title: "Open Training Curves",
      run: () => vscode.commands.executeCommand(SHOW_TRAINING_CURVES, vscode.Uri.file(runDir)),
    });
  if (end.state === "succeeded" && summary.job === "synthesize") {
    const dataset = summary.output ?? (runDir ? path.join(runDir, "outputs", "negatives.pns") : undefined);
    if (dataset)
      actions.push({
        title: "Open Output Dataset",
        run: () => vscode.window.showTextDocument(vscode.Uri.file(dataset)),
      });
  }
  if (end.state === "succeeded" && summary.job === "eval" && runDir)
    actions.push({
      title: "Open Results",
      run: () =>
        vscode.commands.executeCommand(
          "markdown.showPreview",
          vscode.Uri.file(path.join(runDir, "outputs", "eval.md")),
        ),
    });
  if (end.state !== "succeeded")
    actions.push({
      title: "Show Output",
      run: () => vscode.commands.executeCommand(SHOW_JOB_OUTPUT, summary.label),
    });

  const took = end.seconds !== undefined ? ` in ${end.seconds}s` : "";
  const message = `PNS: ${summary.label} ${end.state}${took}${end.reason ? `: ${end.reason}` : ""}`;
  const titles = actions.map((a) => a.title);
  const choice =
    end.state === "failed"
      ? await vscode.window.showErrorMessage(message, ...titles)
      : await vscode.window.showInformationMessage(message, ...titles);
  await actions.find((a) => a.title === choice)?.run();
}
