/**
 * Starts the PNS language server: the bundled `dist/server/main.js` over node IPC, or the
 * executable named by `pns.server.path` over stdio. A crashed server is restarted a few times
 * (`pns.server.maxRestarts` within three minutes), and the user is told each time.
 * `pns.server.analysisWorkers` reaches the server as `PNS_LSP_ANALYSIS_WORKERS`.
 */
import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { transportKey } from "./keyTransport";
import { RestartPolicy } from "./restartPolicy";
import { serverEnvironment } from "./serverEnv";

export const CLIENT_ID = "pns";
const CLIENT_NAME = "PNS Language Server";

function serverOptions(context: vscode.ExtensionContext): ServerOptions {
  const custom = vscode.workspace.getConfiguration("pns").get<string>("server.path", "").trim();
  const env = serverEnvironment(
    vscode.workspace.getConfiguration("pns").get("server.analysisWorkers"),
    process.env,
    {
      // User level only: a workspace must not widen where keys may go.
      allowKeys: vscode.workspace.getConfiguration("pns").inspect("security.allowKeys")?.globalValue,
      transportKey,
    },
  );
  if (custom && vscode.workspace.isTrusted) {
    return { command: custom, args: ["--stdio"], transport: TransportKind.stdio, options: { env } };
  }
  const module = context.asAbsolutePath("dist/server/main.js");
  return {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { env, execArgv: ["--nolazy", "--inspect=6019"] },
    },
  };
}

function errorHandler(output: vscode.LogOutputChannel): ErrorHandler {
  const max = vscode.workspace.getConfiguration("pns").get<number>("server.maxRestarts", 4);
  const policy = new RestartPolicy(Math.max(0, max), 3 * 60_000);
  return {
    error: (_error, _message, count) => ({
      action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
    }),
    closed: () => {
      if (policy.shouldRestart()) {
        const message = `The PNS language server stopped unexpectedly; restarting it (${policy.count} of ${max}).`;
        output.appendLine(message);
        void vscode.window.showWarningMessage(message);
        return { action: CloseAction.Restart, handled: true };
      }
      const message = `The PNS language server crashed ${max + 1} times in 3 minutes and will not be restarted. See the "${CLIENT_NAME}" output, then run "PNS: Restart Language Server".`;
      output.appendLine(message);
      void vscode.window.showErrorMessage(message, "Show Output").then((choice) => {
        if (choice) output.show();
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): LanguageClient {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "pns" },
      { scheme: "untitled", language: "pns" },
    ],
    outputChannel: output,
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/pns.config.json"),
    },
    errorHandler: errorHandler(output),
    diagnosticPullOptions: { onChange: true, onSave: true },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions(context), clientOptions);
}
