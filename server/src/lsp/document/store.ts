/**
 * The open documents, fed by incremental `textDocument/didChange`. We keep our own segmented
 * model instead of a flat TextDocument: an edit never copies the whole (possibly 40 MB) text.
 */
import type {
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
} from "vscode-languageserver";
import { PnsDocument } from "./pnsDocument";

export class DocumentStore {
  private readonly documents = new Map<string, PnsDocument>();
  private readonly listeners: ((document: PnsDocument) => void)[] = [];
  private readonly closeListeners: ((uri: string, document: PnsDocument | undefined) => void)[] = [];

  get(uri: string): PnsDocument | undefined {
    return this.documents.get(uri);
  }

  all(): PnsDocument[] {
    return [...this.documents.values()];
  }

  /** Called after every open and change. */
  onDidChange(listener: (document: PnsDocument) => void): void {
    this.listeners.push(listener);
  }

  onDidClose(listener: (uri: string, document: PnsDocument | undefined) => void): void {
    this.closeListeners.push(listener);
  }

  open(params: DidOpenTextDocumentParams): void {
    const { uri, version, text } = params.textDocument;
    const document = new PnsDocument(uri, version, text);
    this.documents.set(uri, document);
    for (const listener of this.listeners) listener(document);
  }

  change(params: DidChangeTextDocumentParams): void {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return;
    for (const change of params.contentChanges) document.applyChange(change);
    document.version = params.textDocument.version;
    for (const listener of this.listeners) listener(document);
  }

  close(params: DidCloseTextDocumentParams): void {
    const document = this.documents.get(params.textDocument.uri);
    this.documents.delete(params.textDocument.uri);
    for (const listener of this.closeListeners) listener(params.textDocument.uri, document);
  }
}
