/** "Show reward breakdown": the sample under the cursor as a Markdown table, beside the editor. */
import * as vscode from "vscode";
import { SampleAtRequest, type SampleAtResult } from "../../../server/src/protocol/index";
import { COMMANDS } from "../../../server/src/protocol/commands";
import { activePnsEditor, type Services } from "../services";

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const score = (value: number | null): string => (value === null ? "unscored" : value.toFixed(3));

export function breakdownMarkdown(at: SampleAtResult): string {
  const { problem, sample } = at;
  const lines = [`# ${problem.id}`, "", `Gold answer: \`${problem.gold ?? "(missing)"}\``, ""];
  if (!sample) return [...lines, "The cursor is not in a sample."].join("\n");
  const verdict =
    sample.correct === null ? "not gradable" : sample.correct ? "equals the gold" : "differs from the gold";
  lines.push(
    `## ${sample.role} #${sample.index + 1}`,
    "",
    `Extracted answer: \`${sample.extracted ?? "(none)"}\` (${verdict})`,
    "",
    `**Composite reward: ${score(sample.composite)}**`,
    "",
    "| component | weight | value | reason | provenance | cache age |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  for (const c of sample.components) {
    const age = c.cacheAgeSeconds === undefined ? "" : `${Math.round(c.cacheAgeSeconds)} s`;
    lines.push(
      `| ${cell(c.label)} | ${c.weight === null ? "—" : c.weight.toFixed(3)} | ${score(c.value)} | ${cell(c.reason)} | ${cell(c.provenance)} | ${age} |`,
    );
  }
  return lines.join("\n");
}

export function registerBreakdownCommand(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.showRewardBreakdown, async () => {
    const editor = activePnsEditor(vscode);
    if (!editor) {
      void vscode.window.showInformationMessage("PNS: open a .pns file and put the cursor in a sample.");
      return undefined;
    }
    const at = await services.client.sendRequest(SampleAtRequest, {
      uri: editor.document.uri.toString(),
      position: { line: editor.selection.active.line, character: editor.selection.active.character },
    });
    if (!at) {
      void vscode.window.showInformationMessage("PNS: the cursor is not in a problem.");
      return undefined;
    }
    const name = at.sample ? `${at.problem.id}-${at.sample.role}-${at.sample.index + 1}` : at.problem.id;
    const uri = services.samples.put(`/breakdown/${name}.md`, breakdownMarkdown(at));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, "markdown");
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return uri;
  });
}
