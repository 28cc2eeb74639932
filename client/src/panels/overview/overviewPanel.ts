/**
 * The overview's host: one panel per `.pns` document, refreshed from the language server
 * (pns/panelOverview) shortly after the document changes; row clicks reveal the sample; bulk
 * actions are confirmed in a modal dialog and applied as ONE WorkspaceEdit.
 */
import * as vscode from "vscode";
import { PanelOverviewRequest, type OverviewData } from "../../../../server/src/protocol/panels";
import type { OverviewInbound, OverviewOutbound } from "../../../../webview/src/shared/protocol";
import type { PanelDeps } from "../deps";
import { applyPlan, revealLine } from "../edits";
import { createPanel, PanelHost, type PanelController } from "../panelHost";
import { bulkPlan, StaleDocumentError } from "../triage/plan";

const REFRESH_MS = 600;

export class OverviewController implements PanelController<OverviewInbound, OverviewOutbound> {
  private data: OverviewData | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;
  host: PanelHost<OverviewInbound, OverviewOutbound> | undefined;

  constructor(
    readonly uri: string,
    private readonly deps: PanelDeps,
    private readonly compare: (target: {
      uri: string;
      problemId: string;
      sampleIndex: number;
    }) => Promise<void>,
  ) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() !== this.uri || e.contentChanges.length === 0) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), REFRESH_MS);
    });
  }

  snapshot(): OverviewInbound[] {
    return this.data ? [{ type: "overview/data", data: this.data }] : [];
  }

  /** The file this overview shows: reveals, compares and bulk edits stay inside it. */
  document(): string {
    return this.uri;
  }

  async refresh(): Promise<void> {
    // The server analyses only open documents: make sure this one is.
    await vscode.workspace.openTextDocument(vscode.Uri.parse(this.uri));
    const data = await this.deps.client.sendRequest(PanelOverviewRequest, { uri: this.uri });
    if (!data) return;
    this.data = data;
    this.host?.post({ type: "overview/data", data });
  }

  async onMessage(message: OverviewOutbound): Promise<void> {
    switch (message.type) {
      case "reveal":
        return revealLine(message.uri, message.line);
      case "overview/compare":
        return this.compare(message.target);
      case "overview/bulk":
        return this.bulk(message);
      case "ready":
        return;
    }
  }

  private async bulk(message: Extract<OverviewOutbound, { type: "overview/bulk" }>): Promise<void> {
    const verb = message.action === "drop" ? "Delete" : "Edit";
    const answer = await vscode.window.showWarningMessage(
      `PNS: ${message.description}?`,
      {
        modal: true,
        detail: `${message.targets.length} sample(s) in one edit: Undo (Ctrl+Z) in the editor reverts all of it. The file is not saved.`,
      },
      verb,
    );
    if (answer !== verb) {
      this.host?.post({ type: "overview/applied", ok: true, message: "Cancelled: nothing changed." });
      return;
    }
    // Fresh ranges: the file may have changed since the list was drawn.
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(this.uri));
    const fresh = await this.deps.client.sendRequest(PanelOverviewRequest, { uri: this.uri });
    const byKey = new Map((fresh?.rows ?? []).map((r) => [`${r.problemId}\u0000${r.sampleIndex}`, r]));
    const samples = message.targets.flatMap((t) => {
      const row = byKey.get(`${t.problemId}\u0000${t.sampleIndex}`);
      return row ? [{ startLine: row.range.start.line, endLine: row.range.end.line }] : [];
    });
    const missing = message.targets.length - samples.length;
    try {
      const plan = bulkPlan(
        message.action,
        (line) => document.lineAt(line).text,
        document.lineCount,
        samples,
      );
      const ok = await applyPlan(document, plan, `PNS: ${message.action} ${samples.length} samples`);
      this.host?.post({
        type: "overview/applied",
        ok,
        message: ok
          ? `${samples.length} sample(s) changed in one edit${missing ? `; ${missing} no longer exist` : ""}.`
          : "The edit was refused.",
      });
    } catch (error) {
      if (!(error instanceof StaleDocumentError)) throw error;
      this.host?.post({ type: "overview/applied", ok: false, message: error.message });
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
  }
}

const open = new Map<string, PanelHost<OverviewInbound, OverviewOutbound>>();

export async function overviewPanel(
  extensionUri: vscode.Uri,
  deps: PanelDeps,
  uri: string,
  compare: (target: { uri: string; problemId: string; sampleIndex: number }) => Promise<void>,
  restored?: vscode.WebviewPanel,
): Promise<void> {
  const existing = open.get(uri);
  if (existing && !restored) {
    existing.reveal();
    return;
  }
  const controller = new OverviewController(uri, deps, compare);
  const warn = (m: string): void => deps.output.warn(m);
  const host = restored
    ? new PanelHost("overview", restored, extensionUri, controller, warn)
    : createPanel("overview", extensionUri, controller, undefined, warn);
  host.panel.title = `PNS Overview: ${decodeURIComponent(uri.slice(uri.lastIndexOf("/") + 1))}`;
  controller.host = host;
  open.set(uri, host);
  host.onDispose.event(() => {
    if (open.get(uri) === host) open.delete(uri);
  });
  await controller.refresh();
}
