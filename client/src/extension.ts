/**
 * Extension entry: starts the language client and wires commands, the status bar, the virtual
 * sample documents and workspace trust. Everything goes into `context.subscriptions`.
 */
import * as vscode from "vscode";
import { State, type LanguageClient } from "vscode-languageclient/node";
import { ScoringProgressNotification } from "../../server/src/protocol/index";
import { COMMANDS } from "../../server/src/protocol/commands";
import { registerApiKeyCommand, registerKeyHostApproval, sendStoredKeys } from "./commands/apiKey";
import { registerBreakdownCommand } from "./commands/breakdown";
import { registerCompareCommand } from "./commands/compare";
import { registerExportCommand } from "./commands/exportPairs";
import { registerImportCommand } from "./commands/importJsonl";
import { registerRescoreCommands } from "./commands/rescore";
import { createLanguageClient } from "./languageClient";
import { type Home, registerHome } from "./home/index";
import { registerPanels } from "./panels/index";
import { SAMPLE_SCHEME, SampleDocuments } from "./sampleDocuments";
import type { Services } from "./services";
import { PnsStatusBar } from "./statusBar";
import { registerJobTasks } from "./tasks/index";
import { explainRestrictedMode, watchTrust } from "./trust";

let client: LanguageClient | undefined;

/** Returned from activate for the in-editor tests. */
export interface PnsExtensionApi {
  client: LanguageClient;
  /** True while only local analysis runs (untrusted workspace). */
  restricted(): boolean;
  /** The PNS views, deep links and walkthrough (home/). */
  home: Home;
}

export async function activate(context: vscode.ExtensionContext): Promise<PnsExtensionApi> {
  const output = vscode.window.createOutputChannel("PNS Language Server", { log: true });
  const statusBar = new PnsStatusBar();
  const samples = new SampleDocuments();
  client = createLanguageClient(context, output);
  const services: Services = { context, client, output, samples, statusBar };
  const jobs = registerJobTasks(context);
  const { home, disposables: homeDisposables } = registerHome(context, jobs);

  context.subscriptions.push(
    output,
    statusBar,
    samples,
    client,
    vscode.workspace.registerTextDocumentContentProvider(SAMPLE_SCHEME, samples),
    ...registerRescoreCommands(services),
    registerCompareCommand(services),
    registerPanels(context, { client, samples, output }),
    registerBreakdownCommand(services),
    registerApiKeyCommand(services),
    registerKeyHostApproval(services),
    registerExportCommand(services),
    registerImportCommand(services),
    ...jobs.disposables,
    ...homeDisposables,
    vscode.commands.registerCommand(COMMANDS.showStatus, () => {
      const [first, ...rest] = statusBar.details();
      void vscode.window.showInformationMessage(first ?? "PNS", { modal: true, detail: rest.join("\n") });
    }),
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      await services.client.restart();
      await sendStoredKeys(services);
    }),
    watchTrust(services),
    client.onDidChangeState(({ newState }) => {
      statusBar.setServerState(
        newState === State.Running ? "running" : newState === State.Starting ? "starting" : "stopped",
      );
      if (newState === State.Running) void sendStoredKeys(services);
    }),
    client.onNotification(ScoringProgressNotification, (progress) => statusBar.update(progress)),
  );

  if (!vscode.workspace.isTrusted) explainRestrictedMode();
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(`PNS: the language server failed to start: ${String(error)}`);
  }
  return { client, restricted: () => !statusBar.isTrusted, home };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
