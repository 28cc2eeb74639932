/**
 * "Compare with positive": VS Code's own diff editor on two virtual documents. The review webview
 * can take this command over later; this stays the accessible, raw fallback.
 */
import * as vscode from "vscode";
import {
  CompareDataRequest,
  SampleAtRequest,
  type CompareWithPositiveArgs,
  type SampleView,
} from "../../../server/src/protocol/index";
import { COMMANDS } from "../../../server/src/protocol/commands";
import { activePnsEditor, type Services } from "../services";

function label(sample: SampleView): string {
  return `${sample.role} #${sample.index + 1}`;
}

async function argsFromCursor(services: Services): Promise<CompareWithPositiveArgs | undefined> {
  const editor = activePnsEditor(vscode);
  if (!editor) return undefined;
  const at = await services.client.sendRequest(SampleAtRequest, {
    uri: editor.document.uri.toString(),
    position: { line: editor.selection.active.line, character: editor.selection.active.character },
  });
  if (!at?.sample) return undefined;
  return { uri: at.sample.uri, problemId: at.problem.id, sampleIndex: at.sample.index };
}

export async function compareWithPositive(
  services: Services,
  args?: CompareWithPositiveArgs,
): Promise<boolean> {
  const target = args ?? (await argsFromCursor(services));
  if (!target) {
    void vscode.window.showInformationMessage(
      "PNS: put the cursor in a sample to compare it with a positive.",
    );
    return false;
  }
  const data = await services.client.sendRequest(CompareDataRequest, target);
  if (!data) {
    void vscode.window.showInformationMessage(
      `PNS: problem ${target.problemId} has no positive sample to compare with.`,
    );
    return false;
  }
  const left = services.samples.put(
    `/${data.problem.id}/${data.left.role}-${data.left.index + 1}.md`,
    data.left.text,
  );
  const right = services.samples.put(
    `/${data.problem.id}/${data.right.role}-${data.right.index + 1}.md`,
    data.right.text,
  );
  await vscode.commands.executeCommand(
    "vscode.diff",
    left,
    right,
    `${data.problem.id}: ${label(data.left)} ↔ ${label(data.right)}`,
    { preview: true },
  );
  return true;
}

export function registerCompareCommand(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.compareWithPositive, (args?: CompareWithPositiveArgs) =>
    compareWithPositive(services, args),
  );
}
