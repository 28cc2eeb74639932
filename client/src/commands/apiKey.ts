/**
 * API keys live in the editor's SecretStorage and reach the server through `pns/setApiKey`; they
 * are never written to settings or files. In an untrusted workspace they are not sent at all.
 */
import * as vscode from "vscode";
import { SetApiKeyNotification, type ApiKeyTarget } from "../../../server/src/protocol/index";
import { COMMANDS } from "../commandIds";
import type { Services } from "../services";

const TARGETS: { target: ApiKeyTarget; label: string; detail: string }[] = [
  { target: "judge", label: "LLM judge", detail: "OpenAI-compatible chat completions endpoint" },
  { target: "rewardModel", label: "Reward model", detail: "vLLM /classify or /pooling endpoint" },
];

const secretName = (target: ApiKeyTarget): string => `pns.apiKey.${target}`;

/** Hands every stored key to the (re)started server, when the workspace is trusted. */
export async function sendStoredKeys(services: Services): Promise<void> {
  if (!vscode.workspace.isTrusted) return;
  for (const { target } of TARGETS) {
    const key = await services.context.secrets.get(secretName(target));
    if (key) await services.client.sendNotification(SetApiKeyNotification, { target, key });
  }
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
    if (vscode.workspace.isTrusted) {
      await services.client.sendNotification(SetApiKeyNotification, {
        target: picked.target,
        key: key.trim() === "" ? null : key.trim(),
      });
    }
    void vscode.window.showInformationMessage(
      key.trim() === "" ? `PNS: removed the ${picked.label} key.` : `PNS: stored the ${picked.label} key.`,
    );
  });
}
