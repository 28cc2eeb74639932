/**
 * The Jobs view: the job configs of the workspace (docs/tasks.md, "Which YAML files are job
 * configs") by job, every job `pns run` knows listed even without a config so "Create from
 * template" is one click away. A watcher on YAML files refreshes it.
 */
import * as vscode from "vscode";
import { JOB_SPECS } from "../../../../server/src/jobs/jobs";
import { findJobConfigs, type FoundConfig } from "../../tasks/workspaceConfigs";

export type JobsNode = { kind: "job"; job: string; summary: string } | { kind: "config"; config: FoundConfig };

export class JobsTreeProvider implements vscode.TreeDataProvider<JobsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private configs: Promise<FoundConfig[]> | undefined;
  private readonly watcher: vscode.FileSystemWatcher;
  private timer: NodeJS.Timeout | undefined;

  constructor() {
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
  }

  refresh(): void {
    this.configs = undefined;
    this.changed.fire(undefined);
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
      return configs.filter((c) => c.job === element.job).map((config) => ({ kind: "config", config }));
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
      item.description = count ? `${count} config${count === 1 ? "" : "s"}` : "no config: create one from the template";
      item.tooltip = element.summary;
      item.iconPath = new vscode.ThemeIcon(element.job === "pipeline" ? "layers" : "rocket");
      item.contextValue = "pnsJob";
      return item;
    }
    const { config } = element;
    const item = new vscode.TreeItem(config.uri);
    item.id = `pns-job-config:${config.uri.toString()}`;
    item.label = config.relative;
    item.description = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? config.folder.name : undefined;
    item.tooltip = `pns run ${config.job} --config ${config.relative}`;
    item.command = { command: "vscode.open", title: "Open", arguments: [config.uri] };
    item.contextValue = "pnsJobConfig";
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher.dispose();
    this.changed.dispose();
  }
}
