/** "Export DPO pairs": pick a pairing strategy and a destination, then run `pns export`. */
import path from "node:path";
import * as vscode from "vscode";
import { firstError, runCli } from "../cli";
import { exportArgs, type PairingStrategyId } from "../cliArgs";
import { COMMANDS } from "../../../server/src/protocol/commands";
import { activePnsEditor, type Services } from "../services";

/** The strategies of `pns export --format trl-dpo --pairing` (see `pns export --help`). */
const STRATEGIES: { id: PairingStrategyId; label: string; detail: string }[] = [
  {
    id: "each-negative",
    label: "Each negative with one positive",
    detail: "One pair per negative; positives are reused round-robin.",
  },
  { id: "all-pairs", label: "All pairs", detail: "Every positive with every negative of the problem." },
  {
    id: "per-problem-cap",
    label: "Capped per problem",
    detail: "Every negative once before any twice, at most N pairs per problem.",
  },
];

async function sourceDocument(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  if (uri) return vscode.workspace.openTextDocument(uri);
  return activePnsEditor(vscode)?.document;
}

export function registerExportCommand(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.exportDpoPairs, async (uri?: vscode.Uri) => {
    const document = await sourceDocument(uri);
    if (!document || document.uri.scheme !== "file") {
      void vscode.window.showInformationMessage("PNS: open a saved .pns file to export its pairs.");
      return undefined;
    }
    if (document.isDirty) {
      const choice = await vscode.window.showWarningMessage(
        "PNS: the file has unsaved changes. Export reads the file on disk.",
        { modal: true },
        "Save and Export",
      );
      if (choice !== "Save and Export" || !(await document.save())) return undefined;
    }
    const strategy = await vscode.window.showQuickPick(
      STRATEGIES.map((s) => ({ ...s, description: s.id })),
      { title: "PNS: Export DPO Pairs", placeHolder: "How should positives and negatives be paired?" },
    );
    if (!strategy) return undefined;
    let cap: number | undefined;
    if (strategy.id === "per-problem-cap") {
      const answer = await vscode.window.showInputBox({
        title: "Pairs per problem",
        value: "4",
        validateInput: (v) => (/^[1-9]\d*$/.test(v) ? undefined : "A positive whole number"),
      });
      if (!answer) return undefined;
      cap = Number(answer);
    }
    const parsed = path.parse(document.uri.fsPath);
    const target = await vscode.window.showSaveDialog({
      title: "Save DPO pairs",
      defaultUri: vscode.Uri.file(path.join(parsed.dir, `${parsed.name}.dpo.jsonl`)),
      filters: { "JSON Lines": ["jsonl"] },
    });
    if (!target) return undefined;
    const args = exportArgs(document.uri.fsPath, strategy.id, target.fsPath, cap);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "PNS: exporting DPO pairs…" },
      () => runCli(services.context, args, parsed.dir),
    );
    services.output.appendLine(`pns ${args.join(" ")} → exit ${result.code}\n${result.stderr}`);
    if (result.code !== 0) {
      void vscode.window.showErrorMessage(`PNS: export failed: ${firstError(result)}`);
      return undefined;
    }
    void vscode.window.showInformationMessage(`PNS: wrote ${target.fsPath}`, "Open").then((choice) => {
      if (choice) void vscode.window.showTextDocument(target);
    });
    return target;
  });
}
