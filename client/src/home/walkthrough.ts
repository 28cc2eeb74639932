/**
 * The getting-started walkthrough's events (contributes.walkthroughs in package.json). Steps
 * complete on what the user really does: a command run (`onCommand:` in the manifest), or one of
 * the context keys set here: a `.pns` dataset shown in an editor, and a `.pns` file saved with
 * fewer findings than it had when first seen (a finding read and fixed, by quick fix or by hand).
 * `pns.openDemo` opens the workspace's demo.pns, or copies the one shipped with the extension.
 */
import * as vscode from "vscode";

export const WALKTHROUGH_ID = "pns-workbench.pns-workbench#pns.gettingStarted";
const DATASET_OPENED = "pns.walkthrough.datasetOpened";
const FINDING_FIXED = "pns.walkthrough.findingFixed";

export function registerWalkthrough(context: vscode.ExtensionContext): vscode.Disposable[] {
  const firstSeen = new Map<string, number>();
  const count = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).length;
  const noteEditor = (editor: vscode.TextEditor | undefined) => {
    if (editor?.document.languageId === "pns")
      void vscode.commands.executeCommand("setContext", DATASET_OPENED, true);
  };
  noteEditor(vscode.window.activeTextEditor);

  return [
    vscode.window.onDidChangeActiveTextEditor(noteEditor),
    vscode.languages.onDidChangeDiagnostics((event) => {
      for (const uri of event.uris) {
        const key = uri.toString();
        if (!firstSeen.has(key) && uri.path.endsWith(".pns") && count(uri) > 0)
          firstSeen.set(key, count(uri));
      }
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (document.languageId !== "pns") return;
      const before = firstSeen.get(document.uri.toString());
      if (before !== undefined && count(document.uri) < before)
        void vscode.commands.executeCommand("setContext", FINDING_FIXED, true);
    }),
    vscode.commands.registerCommand("pns.openDemo", () => openDemo(context)),
    vscode.commands.registerCommand("pns.showWalkthrough", () =>
      vscode.commands.executeCommand("workbench.action.openWalkthrough", WALKTHROUGH_ID, false),
    ),
  ];
}

async function openDemo(context: vscode.ExtensionContext): Promise<void> {
  const [found] = await vscode.workspace.findFiles("**/demo.pns", "**/node_modules/**", 1);
  if (found) {
    await vscode.window.showTextDocument(found, { preview: false });
    return;
  }
  const bundled = vscode.Uri.joinPath(context.extensionUri, "examples", "demo.pns");
  const bytes = await vscode.workspace.fs.readFile(bundled);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    const document = await vscode.workspace.openTextDocument({
      language: "pns",
      content: new TextDecoder().decode(bytes),
    });
    await vscode.window.showTextDocument(document);
    return;
  }
  const target = vscode.Uri.joinPath(folder.uri, "demo.pns");
  await vscode.workspace.fs.writeFile(target, bytes);
  await vscode.window.showTextDocument(target, { preview: false });
}
