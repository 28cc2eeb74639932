/**
 * The run folders under a runs root, grouped by job and sorted newest first. Order comes from the
 * folder names (`pns run` names them `<UTC time>-<job>`); the job from status.json's `job` (so a
 * pipeline run is grouped as one whatever its folder is called), else from the name. Only that
 * one small file is read per run; the rest of a summary (runFolder.ts) is read for the rows on
 * screen only. Plain Node, tested over fixture folders.
 */
import { access, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseRunName } from "./runFolder";

export interface RunEntry {
  dir: string;
  name: string;
  job: string;
  /** `20261126T054412Z` from the folder name; sorts by time. */
  stamp?: string;
}

export interface RunGroup {
  job: string;
  /** Newest first. */
  runs: RunEntry[];
}

/** Sub-folders of a run that are never runs themselves. */
const NOT_RUNS = new Set(["checkpoints", "outputs", "data", "logs", "wandb", "runs", "configs", "phases"]);

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * The job status.json names; `other` for a folder with a status.json or metrics.jsonl that does
 * not say; undefined for a folder with neither (not a run, unless its name says so).
 */
async function jobFromStatus(dir: string): Promise<string | undefined> {
  try {
    const status: unknown = JSON.parse(await readFile(path.join(dir, "status.json"), "utf8"));
    const job = (status as { job?: unknown } | null)?.job;
    return typeof job === "string" && job !== "" ? job : "other";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") return "other"; // malformed: still a run
    return (await exists(path.join(dir, "metrics.jsonl"))) ? "other" : undefined;
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Every run folder directly under `root`, newest first. A folder named like a run counts even
 * when it has no status.json yet (a run being created); any other folder counts when it holds a
 * status.json or metrics.jsonl. A missing root is an empty list.
 */
export async function listRuns(root: string): Promise<RunEntry[]> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && !e.name.startsWith("."))
      .map((e) => e.name);
  } catch {
    return [];
  }
  const entries = await mapLimited(names, 32, async (name): Promise<RunEntry | undefined> => {
    const dir = path.join(root, name);
    const parsed = parseRunName(name);
    if (!parsed && NOT_RUNS.has(name)) return undefined;
    const fromStatus = await jobFromStatus(dir);
    const job = fromStatus === "other" || fromStatus === undefined ? (parsed?.job ?? fromStatus) : fromStatus;
    return job ? { dir, name, job, ...(parsed ? { stamp: parsed.stamp } : {}) } : undefined;
  });
  return entries.filter((e): e is RunEntry => e !== undefined).sort(newestFirst);
}

function newestFirst(a: RunEntry, b: RunEntry): number {
  return (b.stamp ?? "").localeCompare(a.stamp ?? "") || b.name.localeCompare(a.name);
}

/** Runs by job; groups ordered by their newest run. */
export function groupRuns(runs: RunEntry[]): RunGroup[] {
  const byJob = new Map<string, RunEntry[]>();
  for (const run of [...runs].sort(newestFirst)) {
    const list = byJob.get(run.job) ?? [];
    list.push(run);
    byJob.set(run.job, list);
  }
  return [...byJob.entries()]
    .map(([job, list]) => ({ job, runs: list }))
    .sort((a, b) => newestFirst(a.runs[0], b.runs[0]) || a.job.localeCompare(b.job));
}

/** One page of a list: `offset` to `offset + size`, and how many are left after it. */
export function page<T>(items: T[], offset: number, size: number): { items: T[]; rest: number } {
  const slice = items.slice(offset, offset + size);
  return { items: slice, rest: Math.max(0, items.length - offset - slice.length) };
}

/** One phase of a pipeline run; `dir` is its sub-run, when the phase is a job (not a data step). */
export interface PhaseEntry {
  name: string;
  state?: string;
  seconds?: number;
  reason?: string;
  dir?: string;
}

/** A pipeline's `phases.json`: its phases in order, with state and sub-run (none when unreadable). */
export function parsePhases(text: string): PhaseEntry[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((item: unknown): PhaseEntry[] => {
    const p = item as Record<string, unknown> | null;
    if (!p || typeof p.name !== "string") return [];
    return [
      {
        name: p.name,
        ...(typeof p.state === "string" ? { state: p.state } : {}),
        ...(typeof p.seconds === "number" ? { seconds: p.seconds } : {}),
        ...(typeof p.reason === "string" ? { reason: p.reason } : {}),
        ...(typeof p.run_dir === "string" && p.run_dir !== "" ? { dir: p.run_dir } : {}),
      },
    ];
  });
}

async function subRuns(dir: string): Promise<PhaseEntry[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && !e.name.startsWith(".") && !NOT_RUNS.has(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
  const found = await mapLimited(names, 8, async (name) =>
    (await jobFromStatus(path.join(dir, name))) ? { name, dir: path.join(dir, name) } : undefined,
  );
  return found.filter((e): e is { name: string; dir: string } => e !== undefined);
}

/**
 * The phases of a pipeline run: from its `phases.json` (every phase in order, data steps
 * included), else its sub-runs: the folders under `phases/`, or directly under the run, that hold
 * a status.json or metrics.jsonl, in name order (`<UTC time>-<job>` names sort by start).
 */
export async function listPhases(pipelineDir: string): Promise<PhaseEntry[]> {
  const listed = parsePhases(await readFile(path.join(pipelineDir, "phases.json"), "utf8").catch(() => ""));
  if (listed) return listed;
  return [...(await subRuns(path.join(pipelineDir, "phases"))), ...(await subRuns(pipelineDir))];
}

/** The job of a phase's sub-run: from its status.json, else its folder name. */
export async function phaseJob(dir: string): Promise<string> {
  const job = await jobFromStatus(dir);
  if (job && job !== "other") return job;
  const name = path.basename(dir);
  return parseRunName(name)?.job ?? name.replace(/^\d+[-_]/, "");
}

/** The files of a run the view offers to open, in this order, when present. */
export const RUN_FILES = ["report.md", "report.json", "log.txt", "config.yaml", "metrics.jsonl", "samples.jsonl", "status.json", "command.json"];

export async function presentFiles(dir: string, names: readonly string[] = RUN_FILES): Promise<string[]> {
  const found = await Promise.all(names.map(async (n) => ((await exists(path.join(dir, n))) ? n : undefined)));
  return found.filter((n): n is string => n !== undefined);
}
