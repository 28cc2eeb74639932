/**
 * The Jobs view: the job configs of the workspace (docs/tasks.md, "Which YAML files are job
 * configs") by job, every job `pns run` knows listed even without a config so "Create from
 * template" is one click away. A pipeline config expands to its phases, each with its state in
 * the latest run of that config (pipelinePhases.ts). A watcher on YAML files refreshes the
 * configs; one on the runs roots' pipeline runs (phases.json, status.json) their phases.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { JOB_SPECS } from "../../../../server/src/protocol/jobs";
import { findJobConfigs, type FoundConfig } from "../../tasks/workspaceConfigs";
import { formatDuration } from "../runs/runFolder";
import type { RunsRoots } from "../runs/runsRoots";
import { stateIcon } from "../stateIcons";
import { pipelineStatus, type PhaseRow } from "./pipelinePhases";

export type JobsNode =
  | { kind: "job"; job: string; summary: string }
  | { kind: "config"; config: FoundConfig }
  /** A phase of a pipeline config; `run` is the run its state comes from (none: never run). */
  | { kind: "phase"; config: FoundConfig; phase: PhaseRow; run?: string };

export class JobsTreeProvider implements vscode.TreeDataProvider<JobsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private configs: Promise<FoundConfig[]> | undefined;
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly runWatchers = new Map<string, vscode.Disposable>();
  private timer: NodeJS.Timeout | undefined;
  private phasesTimer: NodeJS.Timeout | undefined;
  /** The config nodes shown, by file: VS Code refreshes a row by the object it was given. */
  private readonly pipelineNodes = new Map<string, JobsNode>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly roots: RunsRoots) {
    this.watcher = vscode.workspace.createFileSystemWatcher("**/*.{yaml,yml}");
    const later = () => {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.refresh();
      }, 300);
    };
    this.watcher.onDidChange(later);
    this.watcher.onDidCreate(later);
    this.watcher.onDidDelete(later);
    this.subscription = roots.onDidChange(() => {
      this.watchRuns();
      this.phasesChanged();
    });
    this.watchRuns();
  }

  refresh(): void {
    this.configs = undefined;
    this.pipelineNodes.clear();
    this.changed.fire(undefined);
  }

  /** A pipeline run changed: the pipeline configs' phases are read again, soon (a burst is one). */
  private phasesChanged(): void {
    this.phasesTimer ??= setTimeout(() => {
      this.phasesTimer = undefined;
      for (const node of this.pipelineNodes.values()) this.changed.fire(node);
    }, 300);
  }

  /** One watcher per runs root, kept while the root stays (as the Runs view's, see runsTree.ts). */
  private watchRuns(): void {
    const roots = new Set(this.roots.all());
    for (const [root, watcher] of this.runWatchers)
      if (!roots.has(root)) {
        watcher.dispose();
        this.runWatchers.delete(root);
      }
    for (const root of roots) {
      if (this.runWatchers.has(root)) continue;
      // Based on the root's parent, so a runs folder that does not exist yet is seen when created.
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(
          vscode.Uri.file(path.dirname(root)),
          `${path.basename(root)}/*/{phases.json,status.json}`,
        ),
      );
      watcher.onDidCreate(() => this.phasesChanged());
      watcher.onDidChange(() => this.phasesChanged());
      watcher.onDidDelete(() => this.phasesChanged());
      this.runWatchers.set(root, watcher);
    }
  }

  async getChildren(element?: JobsNode): Promise<JobsNode[]> {
    this.configs ??= findJobConfigs();
    const configs = await this.configs;
    if (!element) {
      const jobs = new Map<string, string>(JOB_SPECS.map((spec) => [spec.name, spec.summary]));
      for (const c of configs) if (!jobs.has(c.job)) jobs.set(c.job, "");
      return [...jobs.entries()].map(([job, summary]) => ({ kind: "job", job, summary }));
    }
    if (element.kind === "job")
      return configs
        .filter((c) => c.job === element.job)
        .map((config) => {
          const node: JobsNode = { kind: "config", config };
          if (config.job === "pipeline") this.pipelineNodes.set(config.uri.fsPath, node);
          return node;
        });
    if (element.kind === "config" && element.config.job === "pipeline") {
      const status = await pipelineStatus(element.config.uri.fsPath, this.roots.all());
      return status.phases.map((phase) => ({
        kind: "phase",
        config: element.config,
        phase,
        ...(status.run ? { run: status.run.dir } : {}),
      }));
    }
    return [];
  }

  async getTreeItem(element: JobsNode): Promise<vscode.TreeItem> {
    if (element.kind === "job") {
      const count = (await (this.configs ?? Promise.resolve([]))).filter((c) => c.job === element.job).length;
      const item = new vscode.TreeItem(
        element.job,
        count ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
      );
      item.id = `pns-job:${element.job}`;
      item.description = count
        ? `${count} config${count === 1 ? "" : "s"}`
        : "no config: create one from the template";
      item.tooltip = element.summary;
      item.iconPath = new vscode.ThemeIcon(element.job === "pipeline" ? "layers" : "rocket");
      item.contextValue = "pnsJob";
      return item;
    }
    if (element.kind === "phase") return phaseItem(element);
    const { config } = element;
    const item = new vscode.TreeItem(config.uri);
    item.id = `pns-job-config:${config.uri.toString()}`;
    item.label = config.relative;
    item.description = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? config.folder.name : undefined;
    item.tooltip = `pns run ${config.job} --config ${config.relative}`;
    item.command = { command: "vscode.open", title: "Open", arguments: [config.uri] };
    item.contextValue = "pnsJobConfig";
    // A pipeline's phases are its children; the row opens the config on click all the same.
    if (config.job === "pipeline") item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.phasesTimer) clearTimeout(this.phasesTimer);
    this.watcher.dispose();
    for (const w of this.runWatchers.values()) w.dispose();
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function phaseItem(element: Extract<JobsNode, { kind: "phase" }>): vscode.TreeItem {
  const { phase, run } = element;
  const item = new vscode.TreeItem(phase.name);
  item.id = `pns-job-phase:${element.config.uri.toString()}\0${phase.name}`;
  item.description = [
    phase.state,
    phase.seconds !== undefined ? formatDuration(Math.round(phase.seconds)) : "",
  ]
    .filter(Boolean)
    .join(" · ");
  item.iconPath = stateIcon(phase.state);
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown("**").appendText(`${phase.name} · ${phase.state}`).appendMarkdown("**  \n");
  if (phase.reason) tooltip.appendText(`reason: ${phase.reason}`).appendMarkdown("  \n");
  if (phase.dir) tooltip.appendText(`phase run ${phase.dir}`).appendMarkdown("  \n");
  tooltip.appendText(run ? `from the latest run of this config, ${run}` : "this config has not been run yet");
  item.tooltip = tooltip;
  item.contextValue = phase.dir ? "pnsPipelinePhase run" : "pnsPipelinePhase";
  // A phase with its own run opens that run's curves (training phases) or its files from there.
  if (phase.dir)
    item.command = {
      command: "pns.showTrainingCurves",
      title: "Open Curves",
      arguments: [vscode.Uri.file(phase.dir)],
    };
  return item;
}
