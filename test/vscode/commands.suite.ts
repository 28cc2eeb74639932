import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { demoUri, positionOf, waitFor } from "./util";

export function commandsSuite(): void {
  describe("commands", () => {
    let editor: vscode.TextEditor;
    before(async () => {
      editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(demoUri()));
    });

    it("shows the reward breakdown of the sample under the cursor", async () => {
      const position = positionOf(editor.document, "Dividing numerator and denominator by 2");
      editor = await vscode.window.showTextDocument(editor.document);
      editor.selection = new vscode.Selection(position, position);
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>("pns.showRewardBreakdown");
      assert.ok(uri, "no breakdown document was opened");
      assert.equal(uri.scheme, "pns-sample");
      const breakdown = await vscode.workspace.openTextDocument(uri);
      assert.match(breakdown.getText(), /Composite reward/);
    });

    it("compares a negative with a positive in the diff editor", async () => {
      const opened = await vscode.commands.executeCommand<boolean>("pns.compareWithPositive", {
        uri: editor.document.uri.toString(),
        problemId: "fractions-1",
        sampleIndex: 1,
      });
      assert.equal(opened, true);
      await waitFor(
        "a diff tab",
        () => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff,
      );
      const input = vscode.window.tabGroups.activeTabGroup.activeTab!.input as vscode.TabInputTextDiff;
      assert.equal(input.original.scheme, "pns-sample");
      assert.match((await vscode.workspace.openTextDocument(input.modified)).getText(), /7\}\{2\}/);
    });

    it("re-scores the document", async () => {
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand("pns.rescoreDocument");
    });
  });
}
