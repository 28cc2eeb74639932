/**
 * Drives the BUNDLED language server (dist/server/main.js) over stdio with a real JSON-RPC client
 * from vscode-languageserver-protocol. Waits are always on conditions with deadlines, never sleeps.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import {
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  ConfigurationRequest,
  ShowMessageNotification,
  LogMessageNotification,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type ShowMessageParams,
  type DocumentDiagnosticReport,
  type FullDocumentDiagnosticReport,
  CodeLensRefreshRequest,
  InlayHintRefreshRequest,
  ShowMessageRequest,
} from "vscode-languageserver-protocol/node";

export const ROOT = path.resolve(__dirname, "..", "..");
export const SERVER = path.join(ROOT, "dist", "server", "main.js");

export interface StartOptions {
  /** Client capabilities; defaults to a modern client with pull diagnostics. */
  capabilities?: ClientCapabilities;
  /** The `pns` settings section answered to `workspace/configuration`. */
  settings?: Record<string, unknown>;
  workspaceFolders?: { uri: string; name: string }[];
  initializationOptions?: unknown;
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
}

export const MODERN_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
    codeLens: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
    workspaceFolders: true,
  },
  window: { workDoneProgress: true },
  textDocument: {
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    hover: { contentFormat: ["markdown", "plaintext"] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "refactor", "source"] } },
    },
    synchronization: { dynamicRegistration: false },
  },
};

/** Capabilities of an old client: no pull diagnostics, no configuration requests. */
export const PUSH_ONLY_CAPABILITIES: ClientCapabilities = {
  textDocument: { publishDiagnostics: {}, hover: { contentFormat: ["markdown"] } },
};

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }
}

export class TestClient {
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  readonly messages: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  readonly progress: unknown[] = [];
  refreshes = 0;
  settings: Record<string, unknown>;
  initializeResult!: InitializeResult;
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();
  private exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    options: StartOptions,
  ) {
    this.settings = options.settings ?? {};
    this.exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  }

  static async start(options: StartOptions = {}): Promise<TestClient> {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`node scripts/build.mjs\` first`);
    const child = spawn(process.execPath, [SERVER, "--stdio"], {
      stdio: "pipe",
      env: { ...process.env, ...options.env },
    });
    child.stderr.setEncoding("utf8");
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const client = new TestClient(child, connection, options);
    child.stderr.on("data", (chunk: string) => client.logs.push(chunk));
    connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => (item.section === "pns" ? client.settings : null)),
    );
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onRequest(DiagnosticRefreshRequest.type, () => {
      client.refreshes++;
    });
    connection.onRequest(CodeLensRefreshRequest.type, () => undefined);
    connection.onRequest(InlayHintRefreshRequest.type, () => undefined);
    connection.onRequest(ShowMessageRequest.type, (params) => {
      client.messages.push(params);
      return null;
    });
    connection.onNotification(ShowMessageNotification.type, (params) => {
      client.messages.push(params);
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      client.logs.push(params.message);
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = client.published.get(params.uri) ?? [];
      list.push(params);
      client.published.set(params.uri, list);
    });
    connection.onNotification("$/progress", (params: unknown) => {
      client.progress.push(params);
    });
    connection.listen();
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.workspaceFolders?.[0]?.uri ?? null,
      capabilities: options.capabilities ?? MODERN_CAPABILITIES,
      workspaceFolders: options.workspaceFolders ?? null,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "pns", version: 1, text },
    });
  }

  /** Sends one incremental change and keeps the client-side copy of the text in step. */
  async edit(uri: string, range: Range, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, applyEdits(this.texts.get(uri) ?? "", [{ range, newText: text }]));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? "";
  }

  async pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri },
      previousResultId,
    });
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = (await this.pull(uri)) as FullDocumentDiagnosticReport;
    return report.items;
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) {
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // The server may already be gone; the kill below handles it.
      }
    }
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    const code = await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

/** Applies LSP edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }): number =>
    p.line >= lineStarts.length ? text.length : Math.min(lineStarts[p.line] + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted)
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** A position from "line:column" searching for a marker string in a text. */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, at + delta);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - (before.lastIndexOf("\n") + 1) };
}
