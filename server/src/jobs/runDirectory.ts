import { promises as fs } from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../io/atomicWrite";

/** The states a run goes through; the Python jobs write the same file (jobs/pns_jobs/run_dir.py). */
export type RunState = "running" | "succeeded" | "failed" | "cancelled";

export interface RunStatus {
  state: RunState;
  job: string;
  reason?: string;
  started?: string;
  ended?: string;
  updated?: string;
  [key: string]: unknown;
}

/** `20261126T054412Z`: the same stamp the Python side uses, sortable and shell-safe. */
export function utcStamp(now: Date = new Date()): string {
  return now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

const isoNow = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

/** Creates `<root>/<UTC time>-<job>/` (a suffix on a clash, never a shared folder). */
export async function createRunDirectory(root: string, job: string, now: Date = new Date()): Promise<string> {
  await fs.mkdir(root, { recursive: true });
  const base = `${utcStamp(now)}-${job}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    const candidate = path.resolve(root, attempt === 0 ? base : `${base}-${attempt}`);
    try {
      await fs.mkdir(candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  throw new Error(`cannot create a fresh run directory under ${root}`);
}

/** The newest `<root>/*-<job>` folder, for `--resume` without a path. */
export async function newestRun(root: string, job: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = await fs.readdir(root);
  } catch {
    return undefined;
  }
  const runs = names.filter((name) => name.endsWith(`-${job}`) && /^\d{8}T\d{6}Z/.test(name)).sort();
  const newest = runs.at(-1);
  return newest === undefined ? undefined : path.resolve(root, newest);
}

export async function readStatus(runDir: string): Promise<RunStatus | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(runDir, "status.json"), "utf8")) as RunStatus;
  } catch {
    return undefined;
  }
}

/**
 * Merges `fields` into status.json and sets `state` (atomically: readers never see half a file).
 * `ended` is the time the run first reached an end state: later updates (Slurm's verdict, read
 * after the job recorded its own end) keep it. Going back to `running` (a resume) clears it.
 */
export async function writeStatus(
  runDir: string,
  job: string,
  state: RunState,
  fields: Record<string, unknown> = {},
): Promise<RunStatus> {
  const previous = await readStatus(runDir);
  const status: RunStatus = { ...(previous ?? { state, job }), ...fields, state, job, updated: isoNow() };
  if (state === "running") {
    status.started ??= isoNow();
    delete status.ended;
    if (!("reason" in fields)) delete status.reason;
  } else if (!(previous && previous.state !== "running" && previous.ended)) status.ended = isoNow();
  await writeFileAtomic(path.join(runDir, "status.json"), `${JSON.stringify(status, null, 2)}\n`);
  return status;
}
