/**
 * The getting-started walkthrough's events (contributes.walkthroughs in package.json). Steps
 * complete on what the user really does: a command run (`onCommand:`), or a context key pulsed
 * here when it happens: the Runs view shown, a `.pns` dataset shown in an editor, a `.pns` file
 * saved with fewer findings than it had when first seen (a finding read and fixed, by quick fix or
 * by hand), the review or curves panel opened.
 *
 * Why pulses: VS Code creates its walkthrough service lazily (when the Welcome page first opens)
 * and misses what happened before; and a context key that already holds when the service starts
 * is recorded as seen without completing its step, so it never completes in that window. A key
 * that is set and at once cleared avoids the second; **PNS: Get Started** replays the pulses of
 * what already happened once the walkthrough is open, which covers the first.
 * `pns.openDemo` opens the workspace's demo.pns, or copies the one shipped with the extension.
 */
import * as vscode from "vscode";
import { COMMANDS } from "../../../server/src/protocol/commands";

export const WALKTHROUGH_ID = "pns-workbench.pns-workbench#pns.gettingStarted";
const HOME_SHOWN = "pns.walkthrough.homeShown";
const DATASET_OPENED = "pns.walkthrough.datasetOpened";
const FINDING_FIXED = "pns.walkthrough.findingFixed";
const COMPARED = "pns.walkthrough.compared";
const CURVES_SHOWN = "pns.walkthrough.curvesShown";

/** Our panels' view types (client/src/panels/panelHost.ts) whose opening completes a step. */
const PANEL_STEPS: Record<string, string> = { "pns.sampleDiff": COMPARED, "pns.curves": CURVES_SHOWN };

/** The events that happened in this window, replayed when the walkthrough opens. */
const happened = new Set<string>();

async function pulse(key: string): Promise<void> {
  await vscode.commands.executeCommand("setContext", key, true);
  await vscode.commands.executeCommand("setContext", key, false);
}

const set = (key: string) => {
  happened.add(key);
  void pulse(key);
};

/** The Runs view shown: the walkthrough's first step. */
export function noteHomeShown(): void {
  set(HOME_SHOWN);
}

/** Replays after the walkthrough opens: VS Code registers its steps asynchronously after that. */
const REPLAY_AFTER_MS = [0, 500, 2000];

function replay(): void {
  for (const ms of REPLAY_AFTER_MS)
    setTimeout(() => {
      for (const key of happened) void pulse(key);
    }, ms);
}

async function showWalkthrough(): Promise<void> {
  await vscode.commands.executeCommand("workbench.action.openWalkthrough", WALKTHROUGH_ID, false);
  replay();
}

export function registerWalkthrough(context: vscode.ExtensionContext): vscode.Disposable[] {
  const firstSeen = new Map<string, number>();
  const count = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).length;
  // A pulse, like every step's key: a key left true would be recorded as already holding when the
  // walkthrough service starts, and that step would never complete in this window.
  const noteEditor = (editor: vscode.TextEditor | undefined) => {
    if (editor?.document.languageId === "pns") set(DATASET_OPENED);
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
      if (before !== undefined && count(document.uri) < before) set(FINDING_FIXED);
    }),
    vscode.window.tabGroups.onDidChangeTabs(({ opened }) => {
      // The walkthrough opened from the Welcome page rather than PNS: Get Started: replay too.
      if (opened.some((tab) => tab.input === undefined && /^(Welcome|Walkthrough)\b/.test(tab.label)))
        replay();
      for (const tab of opened)
        if (tab.input instanceof vscode.TabInputWebview)
          for (const [viewType, key] of Object.entries(PANEL_STEPS))
            if (tab.input.viewType.endsWith(viewType)) set(key);
    }),
    vscode.commands.registerCommand(COMMANDS.openDemo, () => openDemo(context)),
    vscode.commands.registerCommand(COMMANDS.showWalkthrough, showWalkthrough),
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
