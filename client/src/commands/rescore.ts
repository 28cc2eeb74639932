/** Re-score the document or the selection; clear the score cache. */
import * as vscode from "vscode";
import { ClearScoreCacheRequest, RescoreRequest } from "../../../server/src/protocol/index";
import { COMMANDS } from "../../../server/src/protocol/commands";
import { activePnsEditor, type Services } from "../services";

async function rescore(services: Services, withSelection: boolean): Promise<void> {
  const editor = activePnsEditor(vscode);
  if (!editor) {
    void vscode.window.showInformationMessage("PNS: open a .pns file to re-score it.");
    return;
  }
  const selection = editor.selection;
  const range =
    withSelection && !selection.isEmpty
      ? {
          start: { line: selection.start.line, character: selection.start.character },
          end: { line: selection.end.line, character: selection.end.character },
        }
      : withSelection
        ? {
            start: { line: selection.active.line, character: 0 },
            end: { line: selection.active.line, character: 0 },
          }
        : undefined;
  const result = await services.client.sendRequest(RescoreRequest, {
    uri: editor.document.uri.toString(),
    range,
    force: true,
  });
  const remote = result.queued > 0 ? `; ${result.queued} queued for the judge and reward model` : "";
  vscode.window.setStatusBarMessage(`PNS: re-scored ${result.samples} samples${remote}`, 5000);
}

export function registerRescoreCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.rescoreDocument, () => rescore(services, false)),
    vscode.commands.registerCommand(COMMANDS.rescoreSelection, () => rescore(services, true)),
    vscode.commands.registerCommand(COMMANDS.clearScoreCache, async () => {
      const { cleared } = await services.client.sendRequest(ClearScoreCacheRequest);
      void vscode.window.showInformationMessage(`PNS: cleared ${cleared} cached scores.`);
    }),
  ];
}
