/**
 * The curves panel's host: follows run directories (polling twice a second, so new lines show
 * within a second, locally and over Remote-SSH alike), streams rows to the webview, answers
 * "open the samples behind this point" from samples.jsonl, and saves exports.
 */
import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import * as vscode from "vscode";
import type {
  CurvesInbound,
  CurvesOutbound,
  LoggedSample,
  MetricRow,
  RunInfo,
} from "../../../../webview/src/shared/protocol";
import { toColumns } from "../../../../webview/src/logic/curvesState";
import { createPanel, PanelHost, type PanelController } from "../panelHost";
import { RunReader } from "../../runDirectory/runReader";
import { parseSampleLine, pickSamples } from "../../runDirectory/samplesFile";

const POLL_MS = 500;

interface Followed {
  info: RunInfo;
  reader: RunReader;
  rows: MetricRow[];
}

export class CurvesController implements PanelController<CurvesInbound, CurvesOutbound> {
  private readonly runs = new Map<string, Followed>();
  private samples: Extract<CurvesInbound, { type: "curves/samples" }> | undefined;
  private error: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  host: PanelHost<CurvesInbound, CurvesOutbound> | undefined;

  constructor(private readonly output: vscode.LogOutputChannel) {}

  snapshot(): CurvesInbound[] {
    const out: CurvesInbound[] = [{ type: "curves/runs", runs: this.infos() }];
    for (const run of this.runs.values())
      out.push({ type: "curves/columns", run: run.info.id, columns: toColumns(run.rows), reset: true });
    if (this.samples) out.push(this.samples);
    if (this.error) out.push({ type: "curves/error", message: this.error });
    return out;
  }

  private infos(): RunInfo[] {
    return [...this.runs.values()].map((r) => r.info);
  }

  async add(dirs: string[]): Promise<void> {
    for (const dir of dirs) {
      if (this.runs.has(dir)) continue;
      const reader = new RunReader(dir);
      this.runs.set(dir, {
        info: {
          id: dir,
          label: path.basename(dir),
          hasSamples: await reader.hasSamples(),
          state: await reader.state(),
        },
        reader,
        rows: [],
      });
    }
    this.host?.post({ type: "curves/runs", runs: this.infos() });
    await this.poll();
    this.timer ??= setInterval(() => void this.poll(), POLL_MS);
  }

  /** One pass over every run; overlapping passes are skipped (a slow disk never piles them up). */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      let infoChanged = false;
      for (const run of this.runs.values()) {
        try {
          const update = await run.reader.poll();
          for (const e of update.errors) this.output.warn(e);
          if (update.reset) run.rows = [];
          // A loop, not push(...rows): the first read of a long run has more rows than a call has arguments.
          for (const row of update.rows) run.rows.push(row);
          if (update.rows.length || update.reset)
            this.host?.post({
              type: "curves/columns",
              run: run.info.id,
              columns: toColumns(update.rows),
              reset: update.reset,
            });
          const [state, hasSamples] = await Promise.all([run.reader.state(), run.reader.hasSamples()]);
          if (state !== run.info.state || hasSamples !== run.info.hasSamples) {
            run.info = { ...run.info, state, hasSamples };
            infoChanged = true;
          }
        } catch (error) {
          this.output.warn(`${run.info.id}: ${String(error)}`);
        }
      }
      if (infoChanged) this.host?.post({ type: "curves/runs", runs: this.infos() });
    } finally {
      this.polling = false;
    }
  }

  async onMessage(message: CurvesOutbound): Promise<void> {
    switch (message.type) {
      case "curves/addRun": {
        const dirs = await pickRunDirectories();
        if (dirs.length) await this.add(dirs);
        return;
      }
      case "curves/openSamples": {
        const run = this.runs.get(message.run);
        if (!run) return;
        const all = await readSamples(path.join(run.info.id, "samples.jsonl"));
        const picked = pickSamples(all, message.step);
        this.samples = { type: "curves/samples", run: run.info.id, ...picked };
        this.host?.post(this.samples);
        return;
      }
      case "export":
        await saveExport(message);
        return;
      case "ready":
        return;
    }
  }

  restore(state: unknown): Promise<void> {
    const runs = (state as { runs?: unknown } | undefined)?.runs;
    return this.add(Array.isArray(runs) ? runs.filter((r): r is string => typeof r === "string") : []);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

async function readSamples(file: string): Promise<LoggedSample[]> {
  const out: LoggedSample[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) {
    const sample = parseSampleLine(line);
    if (sample) out.push(sample);
  }
  return out;
}

async function saveExport(message: Extract<CurvesOutbound, { type: "export" }>): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, message.name) : undefined,
    filters: message.format === "png" ? { "PNG image": ["png"] } : { CSV: ["csv"] },
  });
  if (!target) return;
  const data =
    message.format === "png"
      ? Uint8Array.from(Buffer.from(message.data.replace(/^data:image\/png;base64,/, ""), "base64"))
      : new TextEncoder().encode(message.data);
  await writeFile(target.fsPath, data);
  void vscode.window.showInformationMessage(`PNS: saved ${target.fsPath}`);
}

/** Folders to follow; starts in the workspace's `runs/` (where `pns run` writes). */
export async function pickRunDirectories(): Promise<string[]> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: true,
    openLabel: "Show curves",
    title: "Run directories (with metrics.jsonl or TensorBoard event files)",
    defaultUri: folder ? vscode.Uri.joinPath(folder, "runs") : undefined,
  });
  return (picked ?? []).map((u) => u.fsPath);
}

/** A new curves panel, or one around a panel VS Code restored after a reload. */
export function openCurves(
  extensionUri: vscode.Uri,
  output: vscode.LogOutputChannel,
  restored?: vscode.WebviewPanel,
): { host: PanelHost<CurvesInbound, CurvesOutbound>; controller: CurvesController } {
  const controller = new CurvesController(output);
  const warn = (m: string): void => output.warn(m);
  const host = restored
    ? new PanelHost("curves", restored, extensionUri, controller, warn)
    : createPanel("curves", extensionUri, controller, undefined, warn);
  controller.host = host;
  return { host, controller };
}
