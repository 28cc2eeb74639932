import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { demoUri, hoverText, pnsDiagnostics, positionOf, waitFor } from "./util";

export function featuresSuite(): void {
  describe("language features on the demo file", () => {
    let document: vscode.TextDocument;
    before(async () => {
      document = await vscode.workspace.openTextDocument(demoUri());
      await vscode.window.showTextDocument(document);
    });

    it("shows reward diagnostics with stable codes", async () => {
      const diagnostics = await waitFor("pns diagnostics on demo.pns", () => {
        const list = pnsDiagnostics(document.uri);
        return list.length > 0 && !list.some((d) => d.code === "analysis-in-progress") && list;
      });
      const codes = new Set(diagnostics.map((d) => (typeof d.code === "object" ? d.code.value : d.code)));
      assert.ok(codes.has("negative-correct"), `no negative-correct among ${[...codes].join(", ")}`);
      assert.ok(codes.has("arithmetic-slip"), `no arithmetic-slip among ${[...codes].join(", ")}`);
    });

    it("hovers a sample with the reward breakdown table", async () => {
      const position = positionOf(document, "Dividing numerator and denominator by 2", 3);
      const hovers = await waitFor("a hover", async () => {
        const result = await vscode.commands.executeCommand<vscode.Hover[]>(
          "vscode.executeHoverProvider",
          document.uri,
          position,
        );
        return result.length > 0 && result;
      });
      const text = hoverText(hovers);
      assert.match(text, /\| component \| weight \| value \| reason \| provenance \| cache age \|/);
    });

    it("hovers the gold answer with its normalised value", async () => {
      const position = positionOf(document, "@answer \\frac{9}{2}", 9);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        "vscode.executeHoverProvider",
        document.uri,
        position,
      );
      assert.match(hoverText(hovers), /Normalised/);
    });

    it("lists problems in the outline", async () => {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
        "vscode.executeDocumentSymbolProvider",
        document.uri,
      );
      assert.ok(symbols.length >= 30, `only ${symbols.length} problems in the outline`);
      assert.equal(symbols[0].name, "fractions-1");
    });
  });

  describe("quick fixes", () => {
    it("moves a false negative to the positives in an untitled copy", async () => {
      const source = await vscode.workspace.openTextDocument(demoUri());
      const copy = await vscode.workspace.openTextDocument({ language: "pns", content: source.getText() });
      await vscode.window.showTextDocument(copy);
      const diagnostic = await waitFor("a negative-correct diagnostic on the copy", () =>
        pnsDiagnostics(copy.uri).find((d) => d.code === "negative-correct"),
      );
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        "vscode.executeCodeActionProvider",
        copy.uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const move = actions.find((a) => a.title.startsWith("Move to positives"));
      assert.ok(move?.edit, `no "Move to positives" among ${actions.map((a) => a.title).join(" | ")}`);
      const line = diagnostic.range.start.line;
      const directiveLine = copy
        .getText(new vscode.Range(0, 0, line, 0))
        .split("\n")
        .reverse()
        .find((l) => l.startsWith("@negative"));
      assert.ok(directiveLine);
      assert.ok(await vscode.workspace.applyEdit(move.edit));
      assert.ok(
        copy.getText().includes(directiveLine.replace("@negative", "@positive")),
        "the directive was not rewritten",
      );
      await waitFor(
        "the fixed finding to go away",
        () =>
          !pnsDiagnostics(copy.uri).some(
            (d) => d.range.isEqual(diagnostic.range) && d.code === "negative-correct",
          ),
      );
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    });
  });
}
