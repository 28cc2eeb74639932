/**
 * API keys live in the editor's SecretStorage and reach the server through `pns/setApiKey`,
 * sealed (see keyTransport.ts); they are never written to settings or files. In an untrusted
 * workspace they are not sent at all, and in a trusted one the server uses a key only for an
 * endpoint origin the user approved (`pns/approveKeyHost`, remembered per user, not per workspace).
 */
import * as vscode from "vscode";
import {
  ApproveKeyHostRequest,
  SetApiKeyNotification,
  type ApiKeyTarget,
  type ApproveKeyHostParams,
} from "../../../server/src/protocol/index";
import { sealKey } from "../../../server/src/protocol/sealedKey";
import { COMMANDS } from "../../../server/src/protocol/commands";
import { transportKey } from "../keyTransport";
import type { Services } from "../services";

const TARGETS: { target: ApiKeyTarget; label: string; detail: string }[] = [
  { target: "judge", label: "LLM judge", detail: "OpenAI-compatible chat completions endpoint" },
  { target: "rewardModel", label: "Reward model", detail: "vLLM /classify or /pooling endpoint" },
];

const secretName = (target: ApiKeyTarget): string => `pns.apiKey.${target}`;
/** Where the origins a key may go to are remembered: user-level state, never the workspace's. */
const approvalsName = (target: ApiKeyTarget): string => `pns.apiKeyOrigins.${target}`;

function approvedOrigins(services: Services, target: ApiKeyTarget): string[] {
  return services.context.globalState.get<string[]>(approvalsName(target), []);
}

async function sendKey(services: Services, target: ApiKeyTarget, key: string | null): Promise<void> {
  await services.client.sendNotification(SetApiKeyNotification, {
    target,
    sealedKey: key === null ? null : sealKey(key, transportKey),
    approvedOrigins: approvedOrigins(services, target),
  });
}

/** Hands every stored key to the (re)started server, when the workspace is trusted. */
export async function sendStoredKeys(services: Services): Promise<void> {
  if (!vscode.workspace.isTrusted) return;
  for (const { target } of TARGETS) {
    const key = await services.context.secrets.get(secretName(target));
    if (key) await sendKey(services, target, key);
  }
}

/**
 * The server's question before a stored key goes to an origin for the first time. A modal
 * question, because the origin may come from the workspace's own settings or pns.config.json.
 */
export async function approveKeyHost(
  services: Services,
  params: ApproveKeyHostParams,
  ask: (message: string, detail: string) => Thenable<string | undefined> = (message, detail) =>
    vscode.window.showWarningMessage(message, { modal: true, detail }, "Send the key"),
): Promise<{ approved: boolean }> {
  const known = approvedOrigins(services, params.target);
  if (known.includes(params.origin)) return { approved: true };
  const label = TARGETS.find((t) => t.target === params.target)?.label ?? params.target;
  const choice = await ask(
    `Send your stored ${label} API key to ${params.origin}?`,
    `PNS has not sent this key there before. The address comes from this workspace's settings or its pns.config.json, which anyone who wrote the workspace may have chosen. Send it only to a host you trust with the key; otherwise PNS calls the endpoint without it.`,
  );
  if (choice !== "Send the key") return { approved: false };
  await services.context.globalState.update(approvalsName(params.target), [...known, params.origin]);
  return { approved: true };
}

export function registerKeyHostApproval(services: Services): vscode.Disposable {
  return services.client.onRequest(ApproveKeyHostRequest, (params) => approveKeyHost(services, params));
}

export function registerApiKeyCommand(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.setApiKey, async () => {
    const picked = await vscode.window.showQuickPick(
      TARGETS.map((t) => ({ ...t, description: t.target })),
      { title: "PNS: Set API Key", placeHolder: "Which endpoint is the key for?" },
    );
    if (!picked) return;
    const key = await vscode.window.showInputBox({
      title: `PNS: API key for the ${picked.label}`,
      prompt:
        "Stored in the editor's secret storage, never in settings. Leave empty to remove the stored key.",
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    const name = secretName(picked.target);
    if (key.trim() === "") await services.context.secrets.delete(name);
    else await services.context.secrets.store(name, key.trim());
    // A new key starts with no approved hosts: the user is asked again for each.
    await services.context.globalState.update(approvalsName(picked.target), []);
    if (vscode.workspace.isTrusted)
      await sendKey(services, picked.target, key.trim() === "" ? null : key.trim());
    void vscode.window.showInformationMessage(
      key.trim() === "" ? `PNS: removed the ${picked.label} key.` : `PNS: stored the ${picked.label} key.`,
    );
  });
}
