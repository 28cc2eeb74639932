import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";

/** Runs one Slurm client command; injected so tests can count calls (the real one uses PATH). */
export type CommandRunner = (
  command: string,
  args: string[],
  options?: { cwd?: string },
) => Promise<{ code: number; stdout: string; stderr: string }>;

export const spawnRunner =
  (env: NodeJS.ProcessEnv): CommandRunner =>
  (command, args, options) =>
    new Promise((resolve) => {
      const child = spawn(command, args, { env, cwd: options?.cwd, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", (error) =>
        resolve({ code: 127, stdout, stderr: `cannot run ${command}: ${error.message}` }),
      );
      child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });

export class SlurmError extends Error {}

/**
 * `sbatch --parsable <script>` prints `<id>` or `<id>;<cluster>`. Submitted from the script's own
 * folder (the run directory): the script's `--output` is relative to it, so no path has to be
 * written into a `#SBATCH` line, where sbatch would read `%` as a pattern.
 */
export async function submit(run: CommandRunner, script: string): Promise<string> {
  const result = await run("sbatch", ["--parsable", script], { cwd: path.dirname(script) });
  const id = /^(\d+)(;\S+)?\s*$/.exec(result.stdout.trim())?.[1];
  if (result.code !== 0 || id === undefined) {
    const detail = (result.stderr.trim() || result.stdout.trim() || `exit code ${result.code}`).split(
      "\n",
    )[0];
    throw new SlurmError(`sbatch failed: ${detail}`);
  }
  return id;
}

/** States a job is still in; anything else Slurm reports is how it ended. */
const LIVE_STATES = new Set([
  "PENDING",
  "CONFIGURING",
  "RUNNING",
  "COMPLETING",
  "REQUEUED",
  "RESIZING",
  "SUSPENDED",
  "STAGE_OUT",
  "SIGNALING",
  "REQUEUE_HOLD",
  "REQUEUE_FED",
  "RESV_DEL_HOLD",
  "STOPPED",
]);

export function isLiveState(state: string): boolean {
  return LIVE_STATES.has(state);
}

/** The job's state while Slurm still lists it (`PENDING`, `RUNNING`, ...), or undefined once gone. */
export async function queueState(run: CommandRunner, id: string): Promise<string | undefined> {
  const result = await run("squeue", ["-h", "-j", id, "-o", "%T"]);
  const state = result.stdout.trim().split("\n")[0]?.trim();
  // squeue prints nothing (or fails with "Invalid job id") once a job has left the queue; some
  // sites list ended jobs for a while with their end state: both mean gone.
  return result.code === 0 && state && isLiveState(state) ? state : undefined;
}

export interface FinalState {
  state: string;
  exitCode: string;
}

/**
 * `sacct -X -n -P -j ID -o State,ExitCode` → `COMPLETED|0:0`; undefined while accounting lags,
 * `"unavailable"` when sacct itself fails (no accounting storage: "accounting storage is disabled").
 */
export async function accountingState(
  run: CommandRunner,
  id: string,
): Promise<FinalState | "unavailable" | undefined> {
  const result = await run("sacct", ["-X", "-n", "-P", "-j", id, "-o", "State,ExitCode"]);
  if (result.code !== 0) return "unavailable";
  const line = result.stdout.trim().split("\n")[0]?.trim();
  if (!line) return undefined;
  const [state = "", exitCode = ""] = line.split("|");
  // "CANCELLED by 1234" → "CANCELLED".
  return { state: state.split(" ")[0] ?? state, exitCode };
}

/**
 * `scontrol show job ID -o` → JobState and ExitCode. The controller keeps an ended job for
 * MinJobAge (300 s by default), so this answers at once where accounting is off or lags.
 */
export async function controllerState(run: CommandRunner, id: string): Promise<FinalState | undefined> {
  const result = await run("scontrol", ["show", "job", id, "-o"]);
  if (result.code !== 0) return undefined;
  const state = /(?:^|\s)JobState=(\S+)/.exec(result.stdout)?.[1];
  const exitCode = /(?:^|\s)ExitCode=(\S+)/.exec(result.stdout)?.[1] ?? "";
  return state ? { state, exitCode } : undefined;
}

export async function cancel(run: CommandRunner, id: string): Promise<void> {
  const result = await run("scancel", [id]);
  if (result.code !== 0) throw new SlurmError(`scancel ${id} failed: ${result.stderr.trim() || result.code}`);
}

/** Streams what a growing file gains (the Slurm output file), from the last offset read. */
export class FileTail {
  private offset = 0;
  // Streaming decode: a UTF-8 character split across two reads is not mangled.
  private readonly decoder = new TextDecoder("utf-8");
  constructor(
    private readonly file: string,
    private readonly write: (text: string) => void,
  ) {}

  async poll(): Promise<void> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file, "r");
    } catch {
      return; // not created yet: the job is still pending
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.offset) return;
      const buffer = new Uint8Array(size - this.offset);
      await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset = size;
      this.write(this.decoder.decode(buffer, { stream: true }));
    } finally {
      await handle.close();
    }
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (so Ctrl-C never waits a poll out). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

export interface FollowOptions {
  pollMs: number;
  /** How many polls to wait for sacct or scontrol to know how a job that left the queue ended. */
  accountingPolls: number;
  onState(state: string): void;
  tail: FileTail;
  signal?: AbortSignal;
}

/**
 * Follows a submitted job until it leaves the queue, streaming its output, and returns its final
 * state from accounting (sacct), or from the controller (scontrol) where accounting is off or has
 * not caught up. When `signal` aborts, cancels the job with scancel and keeps following until
 * Slurm reports it gone, so the caller sees the real end state.
 */
export async function follow(run: CommandRunner, id: string, options: FollowOptions): Promise<FinalState> {
  let last: string | undefined;
  let cancelled = false;
  for (;;) {
    if (options.signal?.aborted && !cancelled) {
      cancelled = true;
      await cancel(run, id);
    }
    const state = await queueState(run, id);
    await options.tail.poll();
    if (state === undefined) break;
    if (state !== last) options.onState(state);
    last = state;
    await pause(options.pollMs, cancelled ? undefined : options.signal);
  }
  let accounting = true;
  for (let attempt = 0; attempt < options.accountingPolls; attempt++) {
    const fromSacct = accounting ? await accountingState(run, id) : undefined;
    if (fromSacct === "unavailable") accounting = false; // ask scontrol from now on, never sacct again
    let final = typeof fromSacct === "object" && !isLiveState(fromSacct.state) ? fromSacct : undefined;
    if (!final) {
      const fromController = await controllerState(run, id);
      if (fromController && !isLiveState(fromController.state)) final = fromController;
    }
    if (final) {
      await options.tail.poll();
      return final;
    }
    await pause(options.pollMs);
  }
  return { state: cancelled ? "CANCELLED" : "UNKNOWN", exitCode: "" };
}
