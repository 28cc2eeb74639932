import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import { demoUri, extensionRoot, waitFor } from "./util";

/** The webview tab of one of our panels, once it is open (VS Code prefixes the view type). */
function webviewTab(viewType: string): vscode.Tab | undefined {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(viewType)) return tab;
    }
  }
  return undefined;
}

/**
 * Each panel opens from its command inside a real VS Code. What the panels draw is checked in a
 * browser (test/webview) and through the workbench DOM by the end-to-end scenarios (test/e2e).
 */
export function panelsSuite(): void {
  describe("panels", () => {
    before(async () => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(demoUri()));
    });

    it("opens the dataset overview of the active .pns file", async () => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(demoUri()));
      await vscode.commands.executeCommand("pns.showDatasetOverview");
      const tab = await waitFor("the overview panel", () => webviewTab("pns.datasetOverview"));
      assert.match(tab.label, /demo\.pns/);
    });

    it("opens the review panel on a negative and its positive", async () => {
      await vscode.commands.executeCommand("pns.openSampleDiff", {
        uri: demoUri().toString(),
        problemId: "fractions-1",
        sampleIndex: 1,
      });
      await waitFor("the review panel", () => webviewTab("pns.sampleDiff"));
    });

    it("opens the training curves of a run directory", async () => {
      const run = path.join(
        extensionRoot(),
        "test",
        "webview",
        "fixtures",
        "runs",
        "20261126T060637Z-reverse-rl",
      );
      await vscode.commands.executeCommand("pns.showTrainingCurves", vscode.Uri.file(run));
      const tab = await waitFor("the curves panel", () => webviewTab("pns.curves"));
      assert.match(tab.label, /Training Curves/);
    });
  });
}
