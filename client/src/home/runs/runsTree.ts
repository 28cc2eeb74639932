/**
 * The Runs view: runs roots → job groups (newest run first) → runs → a pipeline's phases and the
 * run's files. Children are read when a node is expanded and long groups come 50 rows at a time
 * ("Show more"), so thousands of runs cost one `readdir` and one small status.json read each,
 * and summaries only for rows on screen. File watchers (no polling) refresh one run's row when its
 * status.json or metrics.jsonl changes, and the groups when a run folder appears or goes.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { describeRun, formatDuration, formatStamp, parseRunName, readRunSummary, type RunSummary } from "./runFolder";
import {
  groupRuns,
  listPhases,
  listRuns,
  page,
  phaseJob,
  type PhaseEntry,
  presentFiles,
  type RunEntry,
} from "./runIndex";
import type { RunsRoots } from "./runsRoots";
import { stateIcon } from "../stateIcons";

export const PAGE_SIZE = 50;

export type RunsNode =
  | { kind: "root"; key: string; root: string }
  | { kind: "group"; key: string; root: string; job: string; count: number }
  /** A run; a pipeline's phase sub-run has `parent`, the pipeline run's key. */
  | { kind: "run"; key: string; entry: RunEntry; phase: boolean; parent?: string }
  /** A pipeline phase without a sub-run of its own (a data step), from phases.json. */
  | { kind: "phase"; key: string; phase: PhaseEntry; parent: string }
  | { kind: "file"; key: string; file: string }
  | { kind: "more"; key: string; root: string; job: string; rest: number };

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Canonical node objects by key: VS Code refreshes a row by the object it was given. */
  private readonly nodes = new Map<string, RunsNode>();
  private readonly index = new Map<string, Promise<RunEntry[]>>();
  private readonly summaries = new Map<string, Promise<RunSummary>>();
  private readonly shown = new Map<string, number>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly pendingRuns = new Set<string>();
  private pendingAll = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly roots: RunsRoots) {
    this.subscription = roots.onDidChange(() => {
      this.watch();
      this.refresh();
    });
    this.watch();
  }

  /** Everything is read again (the refresh button; roots changed). */
  refresh(): void {
    this.index.clear();
    this.summaries.clear();
    this.changed.fire(undefined);
  }

  /** The summary of a run (cached until its files change); used by the actions as well. */
  summary(dir: string): Promise<RunSummary> {
    let found = this.summaries.get(dir);
    if (!found) {
      found = readRunSummary(dir);
      this.summaries.set(dir, found);
    }
    return found;
  }

  /** Shows the next page of a group. */
  showMore(node: RunsNode): void {
    if (node.kind !== "more") return;
    const key = `${node.root}\0${node.job}`;
    this.shown.set(key, (this.shown.get(key) ?? PAGE_SIZE) + PAGE_SIZE);
    const group = this.nodes.get(`group:${key}`);
    this.changed.fire(group);
  }

  /** The run node of a directory, when its group has been expanded (for reveal). */
  runNode(dir: string): RunsNode | undefined {
    return this.nodes.get(`run:${dir}`);
  }

  private node<T extends RunsNode>(node: T): T {
    const existing = this.nodes.get(node.key) as T | undefined;
    if (existing) {
      Object.assign(existing, node);
      return existing;
    }
    this.nodes.set(node.key, node);
    return node;
  }

  private runs(root: string): Promise<RunEntry[]> {
    let found = this.index.get(root);
    if (!found) {
      found = listRuns(root);
      this.index.set(root, found);
    }
    return found;
  }

  async getChildren(element?: RunsNode): Promise<RunsNode[]> {
    if (!element) {
      const roots = this.roots.all();
      if (roots.length === 1) return this.groups(roots[0]);
      const withRuns = await Promise.all(roots.map(async (root) => ((await this.runs(root)).length ? root : undefined)));
      const present = withRuns.filter((r): r is string => r !== undefined);
      if (present.length === 1) return this.groups(present[0]);
      return present.map((root) => this.node({ kind: "root", key: `root:${root}`, root }));
    }
    switch (element.kind) {
      case "root":
        return this.groups(element.root);
      case "group": {
        const group = groupRuns(await this.runs(element.root)).find((g) => g.job === element.job);
        if (!group) return [];
        const key = `${element.root}\0${element.job}`;
        const { items, rest } = page(group.runs, 0, this.shown.get(key) ?? PAGE_SIZE);
        const rows: RunsNode[] = items.map((entry) => this.node({ kind: "run", key: `run:${entry.dir}`, entry, phase: false }));
        if (rest > 0) rows.push(this.node({ kind: "more", key: `more:${key}`, root: element.root, job: element.job, rest }));
        return rows;
      }
      case "run": {
        const phases = await Promise.all(
          (await listPhases(element.entry.dir)).map(async (phase): Promise<RunsNode> => {
            if (!phase.dir)
              return this.node({ kind: "phase", key: `phase:${element.entry.dir}\0${phase.name}`, phase, parent: element.key });
            const entry = { dir: phase.dir, name: phase.name, job: await phaseJob(phase.dir) };
            return this.node({ kind: "run", key: `run:${phase.dir}`, entry, phase: true, parent: element.key });
          }),
        );
        const files = (await presentFiles(element.entry.dir)).map((name) => {
          const file = path.join(element.entry.dir, name);
          return this.node({ kind: "file", key: `file:${file}`, file });
        });
        return [...phases, ...files];
      }
      default:
        return [];
    }
  }

  private async groups(root: string): Promise<RunsNode[]> {
    return groupRuns(await this.runs(root)).map((g) =>
      this.node({ kind: "group", key: `group:${root}\0${g.job}`, root, job: g.job, count: g.runs.length }),
    );
  }

  getParent(element: RunsNode): RunsNode | undefined {
    if (element.kind === "phase") return this.nodes.get(element.parent);
    if (element.kind !== "run") return undefined;
    if (element.parent) return this.nodes.get(element.parent);
    return this.nodes.get(`group:${path.dirname(element.entry.dir)}\0${element.entry.job}`);
  }

  async getTreeItem(element: RunsNode): Promise<vscode.TreeItem> {
    switch (element.kind) {
      case "root": {
        const item = new vscode.TreeItem(vscode.workspace.asRelativePath(element.root), vscode.TreeItemCollapsibleState.Expanded);
        item.id = element.key;
        item.iconPath = new vscode.ThemeIcon("folder");
        item.tooltip = element.root;
        item.contextValue = "pnsRunsRoot";
        return item;
      }
      case "group": {
        const item = new vscode.TreeItem(element.job, vscode.TreeItemCollapsibleState.Expanded);
        item.id = element.key;
        item.description = `${element.count} run${element.count === 1 ? "" : "s"}`;
        item.iconPath = new vscode.ThemeIcon(element.job === "pipeline" ? "layers" : "beaker");
        item.contextValue = "pnsRunGroup";
        return item;
      }
      case "more": {
        const item = new vscode.TreeItem(`Show ${Math.min(PAGE_SIZE, element.rest)} more (${element.rest} older)`);
        item.id = element.key;
        item.iconPath = new vscode.ThemeIcon("ellipsis");
        item.command = { command: "pns.runs.showMore", title: "Show more", arguments: [element] };
        return item;
      }
      case "file": {
        const item = new vscode.TreeItem(vscode.Uri.file(element.file));
        item.id = element.key;
        item.command = { command: "vscode.open", title: "Open", arguments: [vscode.Uri.file(element.file)] };
        item.contextValue = "pnsRunFile";
        return item;
      }
      case "phase": {
        const { phase } = element;
        const item = new vscode.TreeItem(phase.name);
        item.id = element.key;
        const state = phase.state ?? "unknown";
        item.description = [state, phase.seconds !== undefined ? formatDuration(Math.round(phase.seconds)) : ""]
          .filter(Boolean)
          .join(" · ");
        item.iconPath = stateIcon(state);
        item.tooltip = phase.reason ? `${phase.name}: ${phase.reason}` : `${phase.name} (a step without a run of its own)`;
        return item;
      }
      case "run":
        return this.runItem(element, await this.summary(element.entry.dir));
    }
  }

  private runItem(element: Extract<RunsNode, { kind: "run" }>, summary: RunSummary): vscode.TreeItem {
    const { entry } = element;
    const parsed = parseRunName(entry.name);
    const label = element.phase ? entry.name : parsed ? formatStamp(parsed.stamp) : entry.name;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = element.key;
    item.resourceUri = vscode.Uri.file(entry.dir);
    item.description = element.phase ? `${summary.job} · ${describeRun(summary)}` : describeRun(summary);
    item.iconPath = stateIcon(summary.state);
    item.contextValue = `pnsRun ${summary.state}${summary.job === "pipeline" ? " pipeline" : ""}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown("**").appendText(`${summary.job} · ${summary.state}`).appendMarkdown("**  \n");
    tooltip.appendText(entry.dir).appendMarkdown("  \n");
    if (summary.started) tooltip.appendText(`started ${summary.started}`).appendMarkdown("  \n");
    if (summary.ended) tooltip.appendText(`ended ${summary.ended}`).appendMarkdown("  \n");
    if (summary.reason) tooltip.appendText(`reason: ${summary.reason}`).appendMarkdown("  \n");
    if (summary.slurmJobId) tooltip.appendText(`Slurm job ${summary.slurmJobId}`).appendMarkdown("  \n");
    if (summary.metric)
      tooltip.appendText(`${summary.metric.name} = ${summary.metric.value} at step ${summary.metric.step}`).appendMarkdown("  \n");
    for (const note of summary.notes) tooltip.appendText(`⚠ ${note}`).appendMarkdown("  \n");
    item.tooltip = tooltip;
    return item;
  }

  /** A file of `dir` changed (status.json, metrics.jsonl): its row is read again, soon. */
  private touched(file: vscode.Uri): void {
    this.runChanged(path.dirname(file.fsPath));
  }

  /**
   * A run changed: its row is read again, soon. The file watchers call it, and so does the job
   * tracker for a job started from this window: its run folder may lie in a root whose watcher
   * has only just been created and does not see changes yet.
   */
  runChanged(dir: string): void {
    this.pendingRuns.add(path.resolve(dir));
    this.schedule();
  }

  /** A run folder appeared or went: the groups are read again, soon. */
  private listingChanged(root: string): void {
    this.index.delete(root);
    this.pendingAll = true;
    this.schedule();
  }

  private schedule(): void {
    // Coalesces a burst (a job writes status.json and metrics.jsonl together) into one refresh.
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (this.pendingAll) {
        this.pendingAll = false;
        for (const dir of this.pendingRuns) this.summaries.delete(dir);
        this.pendingRuns.clear();
        this.changed.fire(undefined);
        return;
      }
      for (const dir of this.pendingRuns) {
        this.summaries.delete(dir);
        const node = this.nodes.get(`run:${dir}`);
        if (node) this.changed.fire(node);
      }
      this.pendingRuns.clear();
    }, 200);
  }

  /**
   * One pair of watchers per root, kept while the root stays: VS Code starts a watcher
   * asynchronously and drops what changes before it runs, so re-creating every root's watchers
   * whenever a root is added (a job reporting a new run folder) would blind the view to the roots
   * it already followed for that moment.
   */
  private watch(): void {
    const roots = new Set(this.roots.all());
    for (const [root, watcher] of this.watchers)
      if (!roots.has(root)) {
        watcher.dispose();
        this.watchers.delete(root);
      }
    for (const root of roots) if (!this.watchers.has(root)) this.watchers.set(root, this.watchRoot(root));
  }

  private watchRoot(root: string): vscode.Disposable {
    // Based on the root's parent, so a runs folder that does not exist yet is seen when created.
    const base = vscode.Uri.file(path.dirname(root));
    const name = path.basename(root);
    const files = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(base, `${name}/**/{status.json,metrics.jsonl,phases.json}`),
    );
    const folders = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, `{${name},${name}/*}`));
    files.onDidCreate((uri) => this.touched(uri));
    files.onDidChange((uri) => this.touched(uri));
    files.onDidDelete((uri) => this.touched(uri));
    folders.onDidCreate(() => this.listingChanged(root));
    folders.onDidDelete(() => this.listingChanged(root));
    // A run folder renamed from elsewhere shows its first status.json as a create under a new name.
    files.onDidCreate((uri) => {
      if (!this.nodes.has(`run:${path.dirname(uri.fsPath)}`)) this.listingChanged(root);
    });
    return vscode.Disposable.from(files, folders);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.dispose();
    this.subscription.dispose();
    this.changed.dispose();
  }
}
