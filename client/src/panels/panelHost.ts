/**
 * One webview panel of a kind: creation with the panel's bundle and CSP, restoration by a
 * WebviewPanelSerializer after a reload, and a replay of the current data whenever the webview
 * (re)loads. Messages to a hidden webview are dropped by VS Code, so the host never relies on
 * them: each panel keeps a snapshot and posts it when the webview says `ready`.
 */
import { randomFillSync } from "node:crypto";
import * as vscode from "vscode";
import type { Inbound, PanelKind } from "../../../webview/src/shared/protocol";
import { makeNonce, panelHtml } from "./html";
import { outsideScope, validateOutbound } from "./messageSchema";

export interface PanelController<In extends Inbound, Out> {
  /** The messages that rebuild the webview's view from nothing. */
  snapshot(): In[];
  onMessage(message: Out, host: PanelHost<In, Out>): void | Promise<void>;
  /**
   * The document this panel is about: messages may reveal or edit this one only (and only while it
   * is in the workspace or open). None: the panel may name no document at all.
   */
  document?(): string | undefined;
  /** Called with the saved webview state when VS Code restores the panel after a reload. */
  restore?(state: unknown, host: PanelHost<In, Out>): void | Promise<void>;
  dispose?(): void;
}

const TITLES: Record<PanelKind, string> = {
  curves: "PNS: Training Curves",
  diff: "PNS: Compare with Positive",
  overview: "PNS: Dataset Overview",
  compare: "PNS: Comparison Table",
};

export const VIEW_TYPES: Record<PanelKind, string> = {
  curves: "pns.curves",
  diff: "pns.sampleDiff",
  overview: "pns.datasetOverview",
  compare: "pns.comparisonTable",
};

export class PanelHost<In extends Inbound, Out> implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  readonly onDispose = new vscode.EventEmitter<void>();

  constructor(
    readonly kind: PanelKind,
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    readonly controller: PanelController<In, Out>,
    /** Where refused messages are reported (never shown as pop-ups: a page could flood them). */
    private readonly warn: (message: string) => void = (m) => console.warn(m),
  ) {
    configureWebview(panel.webview, extensionUri);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const checked = validateOutbound(kind, raw);
        if (!checked.ok) {
          this.warn(`PNS ${kind} panel: ignored a message: ${checked.error}`);
          return;
        }
        const message = checked.message as Out & { type: string };
        if (message.type === "ready") {
          for (const m of controller.snapshot()) void panel.webview.postMessage(m);
          return;
        }
        const outside = outsideScope(message, controller.document?.(), inWorkspace);
        if (outside !== undefined) {
          this.warn(
            `PNS ${kind} panel: ignored a message naming ${outside}, which is not this panel's document`,
          );
          return;
        }
        void Promise.resolve(controller.onMessage(message, this)).catch((error: unknown) =>
          vscode.window.showErrorMessage(
            `PNS ${kind} panel: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private html(): string {
    const dist = vscode.Uri.joinPath(this.extensionUri, "dist", "webview");
    const webview = this.panel.webview;
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce((bytes) => randomFillSync(bytes)),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, `${this.kind}.js`)).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, `${this.kind}.css`)).toString(),
      title: TITLES[this.kind],
    });
  }

  /** Posts when visible; a hidden webview gets the snapshot when it shows again (`ready`). */
  post(message: In): void {
    if (this.panel.visible) void this.panel.webview.postMessage(message);
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.controller.dispose?.();
    this.onDispose.fire();
    this.onDispose.dispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

/** A document in one of the workspace's folders, or one open in the editor (untitled included). */
function inWorkspace(uri: string): boolean {
  let parsed: vscode.Uri;
  try {
    parsed = vscode.Uri.parse(uri, true);
  } catch {
    return false;
  }
  return (
    vscode.workspace.getWorkspaceFolder(parsed) !== undefined ||
    vscode.workspace.textDocuments.some((d) => d.uri.toString() === parsed.toString())
  );
}

/** Scripts on, and only `dist/webview` readable: the bundles, their CSS and KaTeX's fonts. */
export function configureWebview(webview: vscode.Webview, extensionUri: vscode.Uri): void {
  webview.options = {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist", "webview")],
  };
}

export function createPanel<In extends Inbound, Out>(
  kind: PanelKind,
  extensionUri: vscode.Uri,
  controller: PanelController<In, Out>,
  column: vscode.ViewColumn = vscode.ViewColumn.Beside,
  warn?: (message: string) => void,
): PanelHost<In, Out> {
  const panel = vscode.window.createWebviewPanel(VIEW_TYPES[kind], TITLES[kind], column, {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist", "webview")],
  });
  return new PanelHost(kind, panel, extensionUri, controller, warn);
}
