/**
 * Reads what the Runs view shows about one run directory (docs/jobs.md, "The run directory"):
 * state, job, times, Slurm id and the last value of the main metric. Plain Node (no vscode), so
 * the unit tests drive it over fixture folders. Nothing here throws for bad data: a run folder is
 * written by another process while we read it, so a missing or malformed file is a `note`.
 */
import { open, readFile, stat } from "node:fs/promises";
import path from "node:path";

/** `unknown`: no status.json (a run being created, or a folder the jobs did not write). */
export type RunState = "running" | "succeeded" | "failed" | "cancelled" | "unknown";

export interface RunSummary {
  dir: string;
  name: string;
  job: string;
  state: RunState;
  reason?: string;
  /** ISO times from status.json. */
  started?: string;
  ended?: string;
  slurmJobId?: string;
  /** Seconds, from status.json's times (or the last metrics row's `elapsed` when there is none). */
  seconds?: number;
  metric?: { name: string; value: number; step: number };
  /** What could not be read, in words (shown in the tooltip, never thrown). */
  notes: string[];
}

/** `20261126T054412Z-reverse-rl` or `...-reverse-rl-2` (a clash suffix), as `pns run` names runs. */
const RUN_NAME = /^(\d{8}T\d{6}Z)-([a-z][a-z0-9_]*(?:-[a-z][a-z0-9_]*)*)(?:-\d+)?$/;

/** The UTC stamp and job a run folder's name holds, when it has `pns run`'s shape. */
export function parseRunName(name: string): { stamp: string; job: string } | undefined {
  const m = RUN_NAME.exec(name);
  return m ? { stamp: m[1], job: m[2] } : undefined;
}

/** `20261126T054412Z` → `2026-11-26 05:44:12Z`. */
export function formatStamp(stamp: string): string {
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)} ${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
}

const STATES = new Set(["running", "succeeded", "failed", "cancelled"]);

/**
 * The metric shown beside a run. Known jobs name theirs; any other job (a new one needs no code
 * change) gets the first of `reward`, `loss`, `accuracy` its last row has.
 */
const MAIN_METRIC: Record<string, string[]> = {
  "reverse-rl": ["reward", "rewards/pns_reward/mean", "loss"],
  dpo: ["rewards/margins", "rewards/accuracies", "loss"],
  "reward-model": ["accuracy", "margin", "loss"],
  sft: ["loss", "mean_token_accuracy"],
};
const FALLBACK_METRICS = ["reward", "loss", "accuracy", "eval_loss"];

export function mainMetricNames(job: string): string[] {
  return [...(MAIN_METRIC[job] ?? []), ...FALLBACK_METRICS];
}

const BOOKKEEPING = new Set(["step", "time", "elapsed", "epoch"]);

/** Bytes read from the end of metrics.jsonl: a few hundred lines of TRL logs. */
const TAIL_BYTES = 64 * 1024;

async function readTail(file: string): Promise<{ text: string; whole: boolean } | undefined> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch {
    return undefined;
  }
  try {
    const size = (await handle.stat()).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = new Uint8Array(size - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    return { text: new TextDecoder().decode(buffer.subarray(0, bytesRead)), whole: start === 0 };
  } finally {
    await handle.close();
  }
}

/**
 * The complete metrics rows of a tail with a numeric `step`, newest first, and how many lines were
 * not JSON objects. A last line without its newline is still being written and is skipped.
 */
export function metricsRows(text: string, whole: boolean): { rows: Record<string, unknown>[]; bad: number } {
  const lines = text.split("\n");
  lines.pop(); // after the last newline: empty, or a line being written
  if (!whole) lines.shift(); // the tail may start mid-line
  let bad = 0;
  const rows: Record<string, unknown>[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (line === "") continue;
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === "object" && !Array.isArray(value)) {
        const record = value as Record<string, unknown>;
        if (typeof record.step === "number") rows.push(record);
        continue;
      }
    } catch {
      // counted below
    }
    bad++;
  }
  return { rows, bad };
}

/**
 * The main metric of a run: the newest value of the job's preferred names, in order (the last row
 * of a TRL run is its end summary, `train_runtime` and friends, not the reward); else any number
 * of the newest row.
 */
export function pickMetric(
  job: string,
  rows: readonly Record<string, unknown>[],
): { name: string; value: number; step: number } | undefined {
  for (const name of mainMetricNames(job))
    for (const row of rows) {
      const value = row[name];
      if (typeof value === "number" && Number.isFinite(value)) return { name, value, step: row.step as number };
    }
  const newest = rows[0];
  if (!newest) return undefined;
  for (const [name, value] of Object.entries(newest))
    if (!BOOKKEEPING.has(name) && typeof value === "number" && Number.isFinite(value))
      return { name, value, step: newest.step as number };
  return undefined;
}

function seconds(from: string | undefined, to: string | undefined, now: number): number | undefined {
  const start = from ? Date.parse(from) : NaN;
  if (!Number.isFinite(start)) return undefined;
  const end = to ? Date.parse(to) : now;
  return Number.isFinite(end) ? Math.max(0, Math.round((end - start) / 1000)) : undefined;
}

const str = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined;

/** Reads status.json and the tail of metrics.jsonl of one run directory. */
export async function readRunSummary(dir: string, now: number = Date.now()): Promise<RunSummary> {
  const name = path.basename(dir);
  const summary: RunSummary = { dir, name, job: parseRunName(name)?.job ?? "other", state: "unknown", notes: [] };
  let statusText: string | undefined;
  try {
    statusText = await readFile(path.join(dir, "status.json"), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    summary.notes.push(code === "ENOENT" ? "no status.json (not started by pns run, or still starting)" : `status.json: ${code ?? String(error)}`);
  }
  if (statusText !== undefined) {
    let status: unknown;
    try {
      status = JSON.parse(statusText);
    } catch (error) {
      summary.notes.push(`status.json is not valid JSON (${(error as Error).message})`);
    }
    if (status && typeof status === "object" && !Array.isArray(status)) {
      const s = status as Record<string, unknown>;
      if (typeof s.state === "string" && STATES.has(s.state)) summary.state = s.state as RunState;
      else summary.notes.push(`status.json has no known state (${JSON.stringify(s.state ?? null)})`);
      if (typeof s.job === "string" && s.job !== "") summary.job = s.job;
      summary.reason = str(s.reason);
      summary.started = str(s.started);
      summary.ended = str(s.ended);
      summary.slurmJobId = str(s.slurm_job_id);
      summary.seconds = seconds(summary.started, summary.state === "running" ? undefined : (summary.ended ?? str(s.updated)), now);
    } else if (status !== undefined) summary.notes.push("status.json is not a JSON object");
  }
  const tail = await readTail(path.join(dir, "metrics.jsonl"));
  if (tail) {
    const { rows, bad } = metricsRows(tail.text, tail.whole);
    if (bad) summary.notes.push(`metrics.jsonl: ${bad} line(s) near the end are not JSON objects`);
    summary.metric = pickMetric(summary.job, rows);
    const elapsed = rows.find((row) => typeof row.elapsed === "number")?.elapsed as number | undefined;
    if (summary.seconds === undefined && elapsed !== undefined) summary.seconds = Math.round(elapsed);
  }
  return summary;
}

/** `4s`, `3m 05s`, `2h 01m`. */
export function formatDuration(total: number): string {
  if (total < 60) return `${total}s`;
  const m = Math.floor(total / 60);
  if (m < 60) return `${m}m ${String(total % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** `4` → `4`, `0.123456` → `0.1235`, `12345.6` → `1.235e+4`: short enough for a tree row. */
export function formatMetric(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs >= 1e4 || abs < 1e-3) ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

/** One line beside the run in the tree: `running · 3m 05s · reward 0.41 @ 12 · slurm 4242`. */
export function describeRun(summary: RunSummary): string {
  const parts: string[] = [summary.state === "unknown" ? "no status" : summary.state];
  if (summary.seconds !== undefined) parts.push(formatDuration(summary.seconds));
  if (summary.metric)
    parts.push(`${summary.metric.name} ${formatMetric(summary.metric.value)} @ ${summary.metric.step}`);
  if (summary.slurmJobId) parts.push(`slurm ${summary.slurmJobId}`);
  if (summary.notes.length && summary.state !== "unknown") parts.push("⚠");
  return parts.join(" · ");
}

/** Whether `dir` still exists as a folder (a run deleted while shown is dropped, not an error). */
export async function isFolder(dir: string): Promise<boolean> {
  return stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
