import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { demoUri, EXTENSION_ID, waitFor } from "./util";

interface Api {
  client: { isRunning(): boolean };
}

export function activationSuite(): void {
  describe("activation", () => {
    it("activates on a .pns file and starts the language server", async () => {
      const document = await vscode.workspace.openTextDocument(demoUri());
      await vscode.window.showTextDocument(document);
      assert.equal(document.languageId, "pns");
      const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is not installed`);
      const api = await waitFor("the extension to activate", () => extension.isActive && extension.exports);
      await waitFor("the language client to run", () => api.client.isRunning());
    });

    it("registers every command the manifest contributes", async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
      const manifest = extension.packageJSON as { contributes: { commands: { command: string }[] } };
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const { command } of manifest.contributes.commands)
        assert.ok(registered.has(command), `${command} is not registered`);
    });
  });
}
