/**
 * The comparison panel's host: reads a `table.json` written by `python -m pns_jobs.compare` (the
 * same data as the CLI's table.md), checks it (compareTable.ts) and shows it; re-reads it when the
 * file changes. The webview only renders: it names no document and edits nothing.
 */
import { promises as fs } from "node:fs";
import * as vscode from "vscode";
import type { CompareInbound, CompareOutbound } from "../../../../webview/src/shared/protocol";
import { createPanel, PanelHost, type PanelController } from "../panelHost";
import { CompareTableError, parseCompareTable } from "./compareTable";

const MAX_BYTES = 16 * 1024 * 1024;

export class CompareController implements PanelController<CompareInbound, CompareOutbound> {
  private last: CompareInbound | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  host: PanelHost<CompareInbound, CompareOutbound> | undefined;

  constructor(readonly file: string) {}

  snapshot(): CompareInbound[] {
    return this.last ? [this.last] : [];
  }

  async load(): Promise<void> {
    let message: CompareInbound;
    try {
      const stat = await fs.stat(this.file);
      if (stat.size > MAX_BYTES)
        throw new CompareTableError(`${stat.size} bytes: more than a table (limit ${MAX_BYTES})`);
      message = {
        type: "compare/table",
        file: this.file,
        table: parseCompareTable(await fs.readFile(this.file, "utf8")),
      };
    } catch (error) {
      const reason =
        error instanceof CompareTableError
          ? error.message
          : ((error as NodeJS.ErrnoException).code ?? String(error));
      message = {
        type: "compare/error",
        file: this.file,
        message: `cannot show ${this.file}: ${reason} (write it with python -m pns_jobs.compare --spec ... --out ...)`,
      };
    }
    this.last = message;
    this.host?.post(message);
  }

  watch(): void {
    this.watcher = vscode.workspace.createFileSystemWatcher(this.file);
    const reload = () => void this.load();
    this.watcher.onDidChange(reload);
    this.watcher.onDidCreate(reload);
  }

  onMessage(): void {
    // Only "ready", which the host answers with the snapshot itself.
  }

  dispose(): void {
    this.watcher?.dispose();
  }
}

/** Opens (or restores into `panel`) the table of `file`. */
export async function comparePanel(
  extensionUri: vscode.Uri,
  file: string,
  panel?: vscode.WebviewPanel,
): Promise<CompareController> {
  const controller = new CompareController(file);
  controller.host = panel
    ? new PanelHost("compare", panel, extensionUri, controller)
    : createPanel("compare", extensionUri, controller);
  controller.watch();
  await controller.load();
  return controller;
}

/** A table.json from the command's argument, or picked by the user. */
export async function pickTable(arg: unknown): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === "string") return arg;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { "Comparison table (table.json)": ["json"] },
    openLabel: "Show Comparison Table",
  });
  return picked?.[0]?.fsPath;
}
