/** "Import JSONL": pick a JSONL file and its row shape, run `pns import`, open the `.pns` result. */
import path from "node:path";
import * as vscode from "vscode";
import { firstError, runCli } from "../cli";
import { importArgs, type ImportShape } from "../cliArgs";
import { COMMANDS } from "../../../server/src/protocol/commands";
import type { Services } from "../services";

const SHAPES: { id: ImportShape; label: string; detail?: string }[] = [
  { id: "auto", label: "Detect the row shape" },
  { id: "gsm8k", label: "GSM8K rows {question, answer}", detail: "Gold answer after ####" },
  {
    id: "math",
    label: "MATH rows {problem, solution}",
    detail: "Gold answer: the last \\boxed{} of the solution",
  },
  { id: "trl", label: "TRL preference rows {prompt, chosen, rejected}" },
  { id: "pns-jsonl", label: "PNS problem-centric JSONL (lossless)" },
];

export function registerImportCommand(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.importJsonl, async (uri?: vscode.Uri) => {
    const input =
      uri ??
      (
        await vscode.window.showOpenDialog({
          title: "Import JSONL into a .pns file",
          canSelectMany: false,
          filters: { "JSON Lines": ["jsonl", "json"] },
        })
      )?.[0];
    if (!input) return undefined;
    const shape = await vscode.window.showQuickPick(
      SHAPES.map((s) => ({ ...s, description: s.id })),
      { title: "PNS: Import JSONL", placeHolder: "Row shape" },
    );
    if (!shape) return undefined;
    const parsed = path.parse(input.fsPath);
    const target = await vscode.window.showSaveDialog({
      title: "Save the .pns file",
      defaultUri: vscode.Uri.file(path.join(parsed.dir, `${parsed.name}.pns`)),
      filters: { "PNS dataset": ["pns"] },
    });
    if (!target) return undefined;
    const args = importArgs(input.fsPath, shape.id, target.fsPath);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "PNS: importing…" },
      () => runCli(services.context, args, parsed.dir),
    );
    services.output.appendLine(`pns ${args.join(" ")} → exit ${result.code}\n${result.stderr}`);
    if (result.code === 2) {
      void vscode.window.showErrorMessage(`PNS: import failed: ${firstError(result)}`);
      return undefined;
    }
    if (result.code === 1) {
      void vscode.window.showWarningMessage(`PNS: imported with problems: ${firstError(result)}`);
    }
    await vscode.window.showTextDocument(target);
    return target;
  });
}
