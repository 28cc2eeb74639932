/**
 * The PNS home in the activity bar: the Runs, Datasets and Jobs views, their actions, deep links
 * and the getting-started walkthrough. In an untrusted workspace the views still show data; the
 * actions that run jobs refuse with the reason, which the Runs and Jobs views also show on top.
 */
import * as vscode from "vscode";
import { LINK_BASE_ENV } from "../../../server/src/protocol/editorLink";
import type { JobTasks } from "../tasks/index";
import { registerDatasetActions } from "./datasets/datasetActions";
import { DatasetsTreeProvider } from "./datasets/datasetsTree";
import { registerJobActions } from "./jobs/jobActions";
import { JobsTreeProvider } from "./jobs/jobsTree";
import { DeepLinkHandler, runDirTerminalLinks } from "./links/uriHandler";
import { registerRunActions } from "./runs/runActions";
import { RunsRoots } from "./runs/runsRoots";
import { RunsTreeProvider } from "./runs/runsTree";
import { noteHomeShown, registerWalkthrough } from "./walkthrough";

export const VIEWS = { runs: "pns.runs", datasets: "pns.datasets", jobs: "pns.jobs" } as const;

/** What the in-editor tests reach through the extension's API. */
export interface Home {
  runs: RunsTreeProvider;
  datasets: DatasetsTreeProvider;
  jobs: JobsTreeProvider;
  links: DeepLinkHandler;
  roots: RunsRoots;
}

export function registerHome(
  context: vscode.ExtensionContext,
  jobs: JobTasks,
): { home: Home; disposables: vscode.Disposable[] } {
  const roots = new RunsRoots(context.workspaceState);
  const runs = new RunsTreeProvider(roots);
  const datasets = new DatasetsTreeProvider(context);
  const jobsTree = new JobsTreeProvider(roots);
  const links = new DeepLinkHandler(roots);

  const runsView = vscode.window.createTreeView(VIEWS.runs, {
    treeDataProvider: runs,
    canSelectMany: true,
    showCollapseAll: true,
  });
  const datasetsView = vscode.window.createTreeView(VIEWS.datasets, {
    treeDataProvider: datasets,
    canSelectMany: true,
    showCollapseAll: true,
  });
  const jobsView = vscode.window.createTreeView(VIEWS.jobs, {
    treeDataProvider: jobsTree,
    showCollapseAll: true,
  });

  const restricted =
    "Restricted mode: runs and datasets are shown, but jobs cannot be run, resumed or cancelled until you trust this workspace.";
  const showTrust = () => {
    const message = vscode.workspace.isTrusted ? undefined : restricted;
    runsView.message = message;
    jobsView.message = message;
  };
  showTrust();
  if (runsView.visible) noteHomeShown();
  // `pns run` in this window's terminals ends its summary line with a link back here, in this
  // editor's own scheme (vscode, vscode-insiders, …); report.md of a pipeline does the same.
  context.environmentVariableCollection.description = "Links from `pns run` back to PNS Workbench";
  context.environmentVariableCollection.replace(
    LINK_BASE_ENV,
    `${vscode.env.uriScheme}://${context.extension.id}`,
  );

  const disposables: vscode.Disposable[] = [
    roots,
    runs,
    datasets,
    jobsTree,
    runsView,
    datasetsView,
    jobsView,
    vscode.workspace.onDidGrantWorkspaceTrust(showTrust),
    runsView.onDidChangeVisibility(({ visible }) => visible && noteHomeShown()),
    // A job started from this window reports its run directory: show it live, wherever it lies.
    jobs.tracker.onDidUpdateJob((summary) => {
      if (!summary.runDir) return;
      void roots.remember(summary.runDir);
      runs.runChanged(summary.runDir);
    }),
    vscode.window.registerUriHandler(links),
    vscode.window.registerTerminalLinkProvider(runDirTerminalLinks()),
    ...registerRunActions(runs, jobs),
    ...registerDatasetActions(context, datasets),
    ...registerJobActions(context, jobsTree, jobs),
    ...registerWalkthrough(context),
  ];
  return { home: { runs, datasets, jobs: jobsTree, links, roots }, disposables };
}
