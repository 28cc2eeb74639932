/**
 * The Datasets view's actions: overview, lint (the `pns lint` report in an output channel, lines
 * as `file:line:col` links), export DPO pairs, and merge several selected files into a new one.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { runCli } from "../../cli";
import { mergeDatasets } from "./datasetSummary";
import type { DatasetsNode, DatasetsTreeProvider } from "./datasetsTree";
import { COMMANDS } from "../../../../server/src/protocol/commands";

function fileTargets(clicked: unknown, selected: unknown): vscode.Uri[] {
  const isFile = (n: unknown): n is Extract<DatasetsNode, { kind: "file" }> =>
    !!n && typeof n === "object" && (n as DatasetsNode).kind === "file";
  const list = Array.isArray(selected) ? selected.filter(isFile) : [];
  if (isFile(clicked) && !list.includes(clicked)) return [clicked.uri];
  return (list.length ? list : isFile(clicked) ? [clicked] : []).map((n) => n.uri);
}

export function registerDatasetActions(
  context: vscode.ExtensionContext,
  tree: DatasetsTreeProvider,
): vscode.Disposable[] {
  const output = vscode.window.createOutputChannel("PNS Lint");

  const lint = async (clicked?: unknown, selected?: unknown) => {
    const uris = fileTargets(clicked, selected);
    if (!uris.length) return;
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    output.clear();
    output.show(true);
    output.appendLine(`$ pns lint ${uris.map((u) => vscode.workspace.asRelativePath(u)).join(" ")} --local`);
    const result = await runCli(context, ["lint", ...uris.map((u) => u.fsPath), "--local"], cwd);
    output.append(result.stdout);
    if (result.stderr.trim()) output.append(result.stderr);
  };

  const merge = async (clicked?: unknown, selected?: unknown) => {
    const uris = fileTargets(clicked, selected);
    if (uris.length < 2) {
      void vscode.window.showInformationMessage(
        "PNS: select two or more datasets (Ctrl/Cmd+click) to merge them.",
      );
      return;
    }
    const target = await vscode.window.showSaveDialog({
      title: `Merge ${uris.length} datasets into`,
      defaultUri: vscode.Uri.file(path.join(path.dirname(uris[0].fsPath), "merged.pns")),
      filters: { "PNS dataset": ["pns"] },
    });
    if (!target) return;
    if (uris.some((u) => u.fsPath === target.fsPath)) {
      void vscode.window.showErrorMessage("PNS: choose a new file for the merge, not one of its inputs.");
      return;
    }
    const texts = await Promise.all(
      uris.map(async (u) => new TextDecoder().decode(await vscode.workspace.fs.readFile(u))),
    );
    // vscode.workspace.fs.writeFile replaces the file whole: no half-written merge is left behind.
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(mergeDatasets(texts)));
    await vscode.window.showTextDocument(target);
    void vscode.window.showInformationMessage(
      `PNS: merged ${uris.length} datasets into ${vscode.workspace.asRelativePath(target)}; a problem id used twice shows as duplicate-id.`,
    );
  };

  const first = (clicked: unknown, selected: unknown) => fileTargets(clicked, selected)[0];

  // Literal ids: the manifest contract test matches registrations against package.json.
  return [
    output,
    vscode.commands.registerCommand(COMMANDS.datasetsRefresh, () => tree.refresh()),
    vscode.commands.registerCommand(COMMANDS.datasetsShowMore, (node: DatasetsNode) => tree.showMore(node)),
    vscode.commands.registerCommand(COMMANDS.datasetsOverview, (clicked?: unknown, selected?: unknown) => {
      const uri = first(clicked, selected);
      return uri && vscode.commands.executeCommand("pns.showDatasetOverview", uri);
    }),
    vscode.commands.registerCommand(COMMANDS.datasetsLint, lint),
    vscode.commands.registerCommand(COMMANDS.datasetsExport, (clicked?: unknown, selected?: unknown) => {
      const uri = first(clicked, selected);
      return uri && vscode.commands.executeCommand("pns.exportDpoPairs", uri);
    }),
    vscode.commands.registerCommand(COMMANDS.datasetsMerge, merge),
  ];
}
