/** Turns a triage/bulk plan into ONE WorkspaceEdit on the document (one undo step, visible in git). */
import * as vscode from "vscode";
import type { Plan } from "./triage/plan";

export async function applyPlan(document: vscode.TextDocument, plan: Plan, label: string): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label, needsConfirmation: false };
  for (const r of plan.replace) edit.replace(document.uri, document.lineAt(r.line).range, r.text, metadata);
  for (const d of plan.delete) {
    const end =
      d.to < document.lineCount
        ? new vscode.Position(d.to, 0)
        : document.lineAt(document.lineCount - 1).rangeIncludingLineBreak.end;
    edit.delete(document.uri, new vscode.Range(new vscode.Position(d.from, 0), end), metadata);
  }
  return vscode.workspace.applyEdit(edit);
}

/** Shows the sample in its editor, cursor on its directive line. */
export async function revealLine(uri: string, line: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const at = new vscode.Position(Math.min(line, document.lineCount - 1), 0);
  await vscode.window.showTextDocument(document, {
    selection: new vscode.Range(at, at),
    viewColumn: vscode.ViewColumn.One,
    preserveFocus: false,
  });
}
