/**
 * The PNS language server over any connection: `startServer(connection)` wires the document store,
 * settings cache and one module per feature. The core does the thinking; this layer maps core
 * results to LSP types and schedules the work so that typing never waits for it.
 */
import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  type Connection,
  type InitializeResult,
} from "vscode-languageserver";
import {
  ApproveKeyHostRequest,
  ScoringProgressNotification,
  WorkspaceTrustNotification,
} from "../protocol/index";
import { clientSupport, serverCapabilities } from "./capabilities";
import { registerCompletion } from "./completion";
import type { ServerContext } from "./context";
import { AnalysisStore } from "./documentAnalysis/documentAnalysis";
import { registerCodeActions } from "./codeActions";
import { registerCodeLens } from "./codeLens";
import type { AnalysisWorkers } from "./documentAnalysis/pool";
import { registerDiagnostics, type DiagnosticsRefresher } from "./diagnostics";
import { registerHover } from "./hover";
import { registerInlayHints } from "./inlayHints";
import { registerAutoScore } from "./remote/autoScore";
import { RemoteScoring } from "./remote/scoring";
import { registerPanelData } from "./panelData";
import { registerRequests } from "./requests";
import { DocumentStore } from "./document/store";
import { registerFolding } from "./folding";
import { registerFormatting } from "./formatting";
import { registerReferences } from "./references";
import { Debouncer } from "./scheduler";
import { registerSelectionRanges } from "./selectionRanges";
import { SettingsCache } from "./settings/cache";
import { registerSymbols } from "./symbols";
import { registerWorkspaceSymbols } from "./workspaceSymbols";

const SERVER_INFO = { name: "pns-language-server", version: "0.1.0" };

/** How the process hosting the server is set up (all optional). */
export interface ServerOptions {
  /**
   * Worker threads for a big file's first analysis (the script is the bundled main.ts, which runs
   * the worker side); without them, all of it runs on this thread.
   */
  analysisWorkers?: AnalysisWorkers;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new DocumentStore();
  const analyses = new AnalysisStore();
  const scheduler = new Debouncer((error) =>
    connection.console.error(`pns: background work failed: ${String(error)}`),
  );
  const ctx: ServerContext = {
    connection,
    documents,
    analyses,
    settings: new SettingsCache(
      connection,
      () => ctx.support.configuration,
      () => ctx.workspaceFolders,
      () => ctx.trusted,
    ),
    support: clientSupport({}),
    workspaceFolders: [],
    trusted: true,
    remote: new RemoteScoring(
      {
        trusted: () => ctx.trusted,
        workspaceFolders: () => ctx.workspaceFolders,
        document: (uri) => documents.get(uri),
        settings: (uri) => ctx.settings.get(uri),
        warn: (message) => connection.console.warn(message),
        createProgress: () =>
          ctx.support.workDoneProgress ? connection.window.createWorkDoneProgress() : undefined,
        sendProgress: (params) => void connection.sendNotification(ScoringProgressNotification, params),
        approveKeyHost: (target, origin) => connection.sendRequest(ApproveKeyHostRequest, { target, origin }),
      },
      // New remote scores: re-analyse just the problems they belong to, then let the client re-ask.
      (uri, problemIds) => {
        const document = documents.get(uri);
        if (document) analyses.of(document).invalidateProblems(problemIds);
        scheduler.schedule("remote-refresh", 100, () => Promise.resolve(refreshViews()));
      },
    ),
  };
  const diagnostics: DiagnosticsRefresher = registerDiagnostics(ctx, scheduler, options.analysisWorkers);
  const refreshViews = (): void => {
    diagnostics.refresh();
    if (ctx.support.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type);
    if (ctx.support.inlayHintRefresh) void connection.languages.inlayHint.refresh();
  };

  connection.onInitialize((params): InitializeResult => {
    ctx.support = clientSupport(params.capabilities);
    ctx.workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (ctx.workspaceFolders.length === 0 && params.rootUri) ctx.workspaceFolders.push(params.rootUri);
    const options = params.initializationOptions as { trusted?: unknown } | undefined;
    if (options && typeof options.trusted === "boolean") ctx.trusted = options.trusted;
    return { capabilities: serverCapabilities(ctx.support), serverInfo: SERVER_INFO };
  });

  connection.onInitialized(() => {
    if (ctx.support.configuration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: "pns" });
    }
    // Subscribing registers for the notification, which a client without folder support refuses.
    if (!ctx.support.workspaceFolders) return;
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => f.uri));
      ctx.workspaceFolders = [
        ...ctx.workspaceFolders.filter((f) => !removed.has(f)),
        ...event.added.map((f) => f.uri),
      ];
      ctx.settings.invalidate();
    });
  });

  connection.onDidOpenTextDocument((params) => documents.open(params));
  connection.onDidChangeTextDocument((params) => documents.change(params));
  connection.onDidCloseTextDocument((params) => {
    documents.close(params);
    ctx.settings.forget(params.textDocument.uri);
  });

  const autoScore = registerAutoScore(ctx, scheduler);
  registerHover(ctx);
  registerCodeLens(ctx);
  registerInlayHints(ctx);
  registerCodeActions(ctx);
  registerRequests(ctx, refreshViews);
  registerPanelData(ctx);
  registerSymbols(ctx);
  registerWorkspaceSymbols(ctx);
  registerFolding(ctx);
  registerSelectionRanges(ctx);
  registerCompletion(ctx);
  registerFormatting(ctx);
  registerReferences(ctx);

  const settingsChanged = (pushed?: unknown): void => {
    ctx.settings.invalidate(pushed);
    ctx.remote.settingsChanged();
    refreshViews();
    for (const document of documents.all()) void autoScore.queueAll(document);
  };
  connection.onDidChangeConfiguration((params) => {
    const settings = params.settings as { pns?: unknown } | null | undefined;
    settingsChanged(ctx.support.configuration ? undefined : settings?.pns);
  });
  connection.onDidChangeWatchedFiles(() => settingsChanged());
  connection.onNotification(WorkspaceTrustNotification, (params) => {
    ctx.trusted = params.trusted;
    settingsChanged();
  });

  connection.onShutdown(() => {
    scheduler.dispose();
    ctx.remote.cancelAll();
  });
}
