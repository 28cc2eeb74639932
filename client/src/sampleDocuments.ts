/**
 * Read-only virtual documents (`pns-sample:` URIs) holding one sample's text or a reward
 * breakdown, so VS Code's own diff editor and Markdown preview can show them.
 */
import * as vscode from "vscode";

export const SAMPLE_SCHEME = "pns-sample";

export class SampleDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Stores `text` under a readable URI such as `pns-sample:/gsm8k-0001/negative-2.md`. */
  put(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SAMPLE_SCHEME, path });
    const key = uri.toString();
    const existed = this.contents.has(key);
    this.contents.set(key, text);
    if (existed) this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? "This sample is no longer available: run the command again.";
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
