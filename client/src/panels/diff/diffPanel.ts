/**
 * The pair panel's host: asks the language server for a pair (pns/panelPair), walks the file's
 * negatives for next/previous, applies triage as one WorkspaceEdit each, and opens VS Code's own
 * diff editor on virtual documents as the raw, accessible view.
 */
import * as vscode from "vscode";
import {
  PanelOverviewRequest,
  PanelPairRequest,
  type PanelPairParams,
} from "../../../../server/src/protocol/panels";
import type { DiffInbound, DiffOutbound, TriageAction } from "../../../../webview/src/shared/protocol";
import type { PanelDeps } from "../deps";
import { applyPlan, revealLine } from "../edits";
import { createPanel, PanelHost, type PanelController } from "../panelHost";
import { StaleDocumentError, triagePlan } from "../triage/plan";

type Shown = Extract<DiffInbound, { type: "diff/pair" }>;

export class DiffController implements PanelController<DiffInbound, DiffOutbound> {
  private shown: Shown | { type: "diff/empty"; message: string } | undefined;
  host: PanelHost<DiffInbound, DiffOutbound> | undefined;

  constructor(private readonly deps: PanelDeps) {}

  snapshot(): DiffInbound[] {
    return this.shown ? [this.shown] : [];
  }

  /** The file of the pair on show: the only one this panel's messages may touch. */
  document(): string | undefined {
    return this.shown?.type === "diff/pair" ? this.shown.request.uri : undefined;
  }

  /** The negatives of a file in order: what j/k walk through. */
  private async pairs(uri: string): Promise<{ problemId: string; sampleIndex: number }[]> {
    const overview = await this.deps.client.sendRequest(PanelOverviewRequest, { uri });
    return (overview?.rows ?? [])
      .filter((r) => r.role === "negative")
      .map((r) => ({ problemId: r.problemId, sampleIndex: r.sampleIndex }));
  }

  async show(request: PanelPairParams): Promise<void> {
    const [pair, pairs] = await Promise.all([
      this.deps.client.sendRequest(PanelPairRequest, request),
      this.pairs(request.uri),
    ]);
    if (!pair) {
      this.shown = {
        type: "diff/empty",
        message: `${request.problemId}: no pair to show (the problem needs a positive and another sample).`,
      };
    } else {
      const index = pairs.findIndex(
        (p) => p.problemId === request.problemId && p.sampleIndex === request.sampleIndex,
      );
      this.shown = {
        type: "diff/pair",
        pair,
        request,
        position: { index: Math.max(0, index), total: Math.max(pairs.length, 1) },
      };
    }
    this.host?.post(this.shown);
  }

  private current(): Shown | undefined {
    return this.shown?.type === "diff/pair" ? this.shown : undefined;
  }

  async onMessage(message: DiffOutbound): Promise<void> {
    switch (message.type) {
      case "diff/navigate":
        return this.navigate(message.delta);
      case "diff/triage":
        return this.triage(message.action, message.request);
      case "diff/openDiffEditor":
        return this.openDiffEditor(message.request);
      case "reveal":
        return revealLine(message.uri, message.line);
      case "ready":
        return;
    }
  }

  private async navigate(delta: 1 | -1): Promise<void> {
    const current = this.current();
    if (!current) return;
    const pairs = await this.pairs(current.request.uri);
    const at = pairs.findIndex(
      (p) => p.problemId === current.request.problemId && p.sampleIndex === current.request.sampleIndex,
    );
    const next = pairs[at + delta];
    if (!next) {
      this.host?.post({
        type: "diff/applied",
        ok: true,
        message: delta > 0 ? "This is the last pair of the file." : "This is the first pair of the file.",
      });
      return;
    }
    await this.show({ uri: current.request.uri, ...next });
  }

  private async triage(action: TriageAction, request: PanelPairParams): Promise<void> {
    const pair = await this.deps.client.sendRequest(PanelPairRequest, request);
    if (!pair) return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(request.uri));
    let ok: boolean;
    try {
      const plan = triagePlan(
        action,
        (line) => document.lineAt(line).text,
        pair.rejected.range.start.line,
        pair.chosen.range.start.line,
      );
      ok = await applyPlan(document, plan, `PNS: ${action}`);
    } catch (error) {
      if (!(error instanceof StaleDocumentError)) throw error;
      this.host?.post({ type: "diff/applied", ok: false, message: error.message });
      return;
    }
    const what = `${request.problemId} ${pair.rejected.role} #${pair.rejected.index + 1}`;
    const done =
      action === "swap"
        ? `${what}: roles swapped with ${pair.chosen.role} #${pair.chosen.index + 1}`
        : `${what}: status=${action === "accept" ? "accepted" : action === "reject" ? "rejected" : "flagged"}`;
    this.host?.post({
      type: "diff/applied",
      ok,
      message: ok ? `${done} (Ctrl+Z in the editor undoes it)` : `${what}: the edit was refused`,
    });
    // After a swap the same two samples stay a pair, now with the other one as chosen.
    await this.show(action === "swap" ? { ...request, withIndex: pair.chosen.index } : request);
  }

  private async openDiffEditor(request: PanelPairParams): Promise<void> {
    const pair = await this.deps.client.sendRequest(PanelPairRequest, request);
    if (!pair) return;
    const left = this.deps.samples.put(
      `/${pair.problem.id}/${pair.chosen.role}-${pair.chosen.index + 1}.md`,
      pair.chosen.text,
    );
    const right = this.deps.samples.put(
      `/${pair.problem.id}/${pair.rejected.role}-${pair.rejected.index + 1}.md`,
      pair.rejected.text,
    );
    await vscode.commands.executeCommand(
      "vscode.diff",
      left,
      right,
      `${pair.problem.id}: ${pair.chosen.role} #${pair.chosen.index + 1} ↔ ${pair.rejected.role} #${pair.rejected.index + 1}`,
      { preview: true },
    );
  }

  async restore(state: unknown): Promise<void> {
    const request = (state as { current?: { request?: PanelPairParams } } | undefined)?.current?.request;
    if (request && typeof request.uri === "string") await this.show(request);
  }
}

let open: { host: PanelHost<DiffInbound, DiffOutbound>; controller: DiffController } | undefined;

/** The one pair panel: created on first use, revealed and re-pointed after. */
export function diffPanel(
  extensionUri: vscode.Uri,
  deps: PanelDeps,
  restored?: vscode.WebviewPanel,
): { host: PanelHost<DiffInbound, DiffOutbound>; controller: DiffController } {
  if (open && !restored) {
    open.host.reveal();
    return open;
  }
  const controller = new DiffController(deps);
  const warn = (m: string): void => deps.output.warn(m);
  const host = restored
    ? new PanelHost("diff", restored, extensionUri, controller, warn)
    : createPanel("diff", extensionUri, controller, undefined, warn);
  controller.host = host;
  const entry = { host, controller };
  open = entry;
  host.onDispose.event(() => {
    if (open === entry) open = undefined;
  });
  return entry;
}
