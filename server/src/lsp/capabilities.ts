/** What the server offers, and what it learns about the client, at `initialize`. */
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type ServerCapabilities,
} from "vscode-languageserver";
import type { ClientSupport } from "./context";
import { SERVER_COMMANDS } from "./commands";

export function clientSupport(caps: ClientCapabilities): ClientSupport {
  return {
    configuration: caps.workspace?.configuration === true,
    workspaceFolders: caps.workspace?.workspaceFolders === true,
    pullDiagnostics: caps.textDocument?.diagnostic !== undefined,
    diagnosticRefresh: caps.workspace?.diagnostics?.refreshSupport === true,
    workDoneProgress: caps.window?.workDoneProgress === true,
    codeLensRefresh: caps.workspace?.codeLens?.refreshSupport === true,
    inlayHintRefresh: caps.workspace?.inlayHint?.refreshSupport === true,
    hierarchicalSymbols: caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    markdown: caps.textDocument?.hover?.contentFormat?.includes("markdown") ?? false,
  };
}

export function serverCapabilities(support: ClientSupport): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    ...(support.pullDiagnostics
      ? {
          diagnosticProvider: {
            identifier: "pns",
            interFileDependencies: false,
            workspaceDiagnostics: false,
          },
        }
      : {}),
    hoverProvider: true,
    codeLensProvider: { resolveProvider: false },
    inlayHintProvider: { resolveProvider: false },
    codeActionProvider: {
      codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor, CodeActionKind.Source],
      resolveProvider: false,
    },
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    completionProvider: { triggerCharacters: ["@", "="], resolveProvider: false },
    documentFormattingProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    executeCommandProvider: { commands: [...SERVER_COMMANDS] },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}
