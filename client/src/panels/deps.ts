/** What the panels need from the rest of the extension (built in extension.ts). */
import type * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import type { SampleDocuments } from "../sampleDocuments";

export interface PanelDeps {
  client: LanguageClient;
  /** Virtual documents for "Open in diff editor". */
  samples: SampleDocuments;
  output: vscode.LogOutputChannel;
}
