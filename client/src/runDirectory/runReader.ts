/**
 * Reads one run directory incrementally: `metrics.jsonl` from the last byte read (a partial last
 * line is held back; a file that shrank was rewritten and is read again from the start), or, when
 * the run has no metrics.jsonl, TensorBoard event files (`events.out.tfevents.*`, anywhere below
 * the run directory, two levels deep). Plain Node (no vscode), so tests drive it directly.
 */
import { open, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { MetricRow } from "../../../webview/src/shared/protocol";
import { LineTail } from "./lineTail";
import { parseMetricLine } from "./metricRows";
import { readTfRecords } from "./tfrecord";
import { decodeEvent } from "./tfEvents";

export interface RunUpdate {
  rows: MetricRow[];
  /** The rows replace what was read before (the file was rewritten). */
  reset: boolean;
  errors: string[];
}

interface Tail {
  offset: number;
  size: number;
  lines: LineTail;
}

/** Reads `[offset, end)` of a file; short when the file is shorter. */
async function readFrom(file: string, offset: number, end: number): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const buffer = new Uint8Array(Math.max(0, end - offset));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** TensorBoard's `train/loss` is TRL's `loss`: the same chart for either source. */
export function tensorboardTag(tag: string): string {
  return tag.startsWith("train/") ? tag.slice("train/".length) : tag;
}

export class RunReader {
  private metrics: Tail | undefined;
  private readonly events = new Map<string, { offset: number; size: number }>();
  /** Errors already reported (a bad line is reported once, not on every poll). */
  private readonly reported = new Set<string>();

  constructor(readonly dir: string) {}

  get metricsFile(): string {
    return path.join(this.dir, "metrics.jsonl");
  }

  /** What changed since the last poll. */
  async poll(): Promise<RunUpdate> {
    if (await exists(this.metricsFile)) return this.pollMetrics();
    return this.pollEvents();
  }

  private async pollMetrics(): Promise<RunUpdate> {
    const file = this.metricsFile;
    const size = (await stat(file)).size;
    let reset = false;
    if (!this.metrics || size < this.metrics.size) {
      reset = this.metrics !== undefined;
      this.metrics = { offset: 0, size: 0, lines: new LineTail() };
    }
    const tail = this.metrics;
    if (size === tail.offset) return { rows: [], reset, errors: [] };
    const chunk = await readFrom(file, tail.offset, size);
    tail.offset += chunk.length;
    tail.size = size;
    const first = tail.lines.lines + 1;
    const rows: MetricRow[] = [];
    const errors: string[] = [];
    tail.lines.push(chunk).forEach((line, i) => {
      const parsed = parseMetricLine(line, first + i, file);
      if ("row" in parsed) rows.push(parsed.row);
      else if ("error" in parsed && !this.reported.has(parsed.error)) {
        this.reported.add(parsed.error);
        errors.push(parsed.error);
      }
    });
    return { rows, reset, errors };
  }

  private async eventFiles(): Promise<string[]> {
    const found: string[] = [];
    const walk = async (dir: string, depth: number): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isFile() && entry.name.startsWith("events.out.tfevents.")) found.push(full);
        else if (entry.isDirectory() && depth < 2 && entry.name !== "checkpoints")
          await walk(full, depth + 1);
      }
    };
    await walk(this.dir, 0);
    return found.sort();
  }

  private async pollEvents(): Promise<RunUpdate> {
    const rows: MetricRow[] = [];
    const errors: string[] = [];
    let reset = false;
    for (const file of await this.eventFiles()) {
      const size = (await stat(file)).size;
      let state = this.events.get(file);
      if (state && size < state.size) {
        reset = true;
        state = undefined;
      }
      state ??= { offset: 0, size: 0 };
      this.events.set(file, state);
      if (size === state.offset) continue;
      const { records, consumed, corrupt } = readTfRecords(await readFrom(file, state.offset, size));
      if (corrupt) errors.push(`${file}: ${corrupt} record(s) with a bad checksum skipped`);
      state.offset += consumed;
      state.size = size;
      for (const record of records) {
        try {
          const row = decodeEvent(record);
          if (row)
            rows.push({
              step: row.step,
              values: Object.fromEntries(Object.entries(row.values).map(([k, v]) => [tensorboardTag(k), v])),
            });
        } catch (error) {
          errors.push(`${file}: an event could not be decoded (${(error as Error).message})`);
        }
      }
    }
    rows.sort((a, b) => a.step - b.step);
    return { rows, reset, errors };
  }

  /** `running`, `succeeded`, ... from status.json, when the run has one. */
  async state(): Promise<string | undefined> {
    try {
      const status = JSON.parse(await readFile(path.join(this.dir, "status.json"), "utf8")) as {
        state?: unknown;
      };
      return typeof status.state === "string" ? status.state : undefined;
    } catch {
      return undefined;
    }
  }

  async hasSamples(): Promise<boolean> {
    return exists(path.join(this.dir, "samples.jsonl"));
  }
}
