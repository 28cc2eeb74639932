/**
 * The status bar item: background scoring progress and endpoint health, from the server's
 * `pns/scoringProgress` notifications. Clicking it shows the details.
 */
import * as vscode from "vscode";
import type { ScoringProgressParams } from "../../server/src/protocol/index";
import { COMMANDS } from "../../server/src/protocol/commands";

export class PnsStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private last: ScoringProgressParams = { pending: 0, done: 0, failed: 0, endpoints: [] };
  private serverState = "starting";
  private trusted = true;

  constructor() {
    this.item = vscode.window.createStatusBarItem("pns.status", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "PNS scoring";
    this.item.command = COMMANDS.showStatus;
    this.render();
  }

  setServerState(state: "starting" | "running" | "stopped"): void {
    this.serverState = state;
    this.render();
  }

  get isTrusted(): boolean {
    return this.trusted;
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    this.render();
  }

  update(progress: ScoringProgressParams): void {
    this.last = progress;
    this.render();
  }

  /** Shown when the item is clicked. */
  details(): string[] {
    const lines = [`Language server: ${this.serverState}`];
    if (!this.trusted) lines.push("Workspace not trusted: local analysis only (no endpoints, no jobs).");
    const { pending, done, failed, endpoints } = this.last;
    lines.push(`Remote scoring: ${pending} pending, ${done} done, ${failed} failed`);
    if (endpoints.length === 0)
      lines.push("No remote endpoint configured: scores use local components only.");
    for (const e of endpoints) {
      lines.push(
        `${e.component}: ${e.state}${e.endpoint ? ` (${e.endpoint})` : ""}${e.detail ? `: ${e.detail}` : ""}`,
      );
    }
    return lines;
  }

  private render(): void {
    const { pending, done, failed, endpoints } = this.last;
    const failing = endpoints.some((e) => e.state === "failing");
    let text = "$(beaker) PNS";
    if (this.serverState !== "running") text = `$(debug-disconnect) PNS ${this.serverState}`;
    else if (!this.trusted) text = "$(shield) PNS local only";
    else if (pending > 0) text = `$(sync~spin) PNS ${done}/${done + pending}`;
    else if (failing) text = "$(warning) PNS";
    this.item.text = text;
    this.item.tooltip = this.details().join("\n");
    this.item.backgroundColor =
      failing || failed > 0 || this.serverState === "stopped"
        ? new vscode.ThemeColor("statusBarItem.warningBackground")
        : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
