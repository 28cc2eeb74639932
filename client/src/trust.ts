/**
 * Workspace trust (`capabilities.untrustedWorkspaces: limited`): in an untrusted workspace only
 * local analysis runs (no judge or reward-model endpoints, no API keys sent, no jobs, no custom
 * server executable). The user is told why once per session, and trust granted later takes effect
 * at once.
 */
import * as vscode from "vscode";
import { WorkspaceTrustNotification } from "../../server/src/protocol/index";
import { sendStoredKeys } from "./commands/apiKey";
import type { Services } from "./services";

export const UNTRUSTED_MESSAGE =
  "PNS: this workspace is not trusted, so only local analysis runs: no judge or reward-model endpoints, no API keys, no jobs. Trust the workspace to enable them.";

export function explainRestrictedMode(): void {
  void vscode.window.showInformationMessage(UNTRUSTED_MESSAGE, "Manage Workspace Trust").then((choice) => {
    if (choice) void vscode.commands.executeCommand("workbench.trust.manage");
  });
}

export function watchTrust(services: Services): vscode.Disposable {
  services.statusBar.setTrusted(vscode.workspace.isTrusted);
  return vscode.workspace.onDidGrantWorkspaceTrust(async () => {
    services.statusBar.setTrusted(true);
    await services.client.sendNotification(WorkspaceTrustNotification, { trusted: true });
    await sendStoredKeys(services);
  });
}
