/** What command handlers need; built once in extension.ts. */
import type * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import type { SampleDocuments } from "./sampleDocuments";
import type { PnsStatusBar } from "./statusBar";

export interface Services {
  context: vscode.ExtensionContext;
  client: LanguageClient;
  output: vscode.LogOutputChannel;
  samples: SampleDocuments;
  statusBar: PnsStatusBar;
}

/** The active editor when it shows a `.pns` document. */
export function activePnsEditor(vscodeApi: typeof vscode): vscode.TextEditor | undefined {
  const editor = vscodeApi.window.activeTextEditor;
  return editor?.document.languageId === "pns" ? editor : undefined;
}
