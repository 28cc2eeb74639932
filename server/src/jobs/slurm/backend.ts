import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";

/** Runs one Slurm client command; injected so tests can count calls (the real one uses PATH). */
export type CommandRunner = (command: string, args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

export const spawnRunner =
  (env: NodeJS.ProcessEnv): CommandRunner =>
  (command, args) =>
    new Promise((resolve) => {
      const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", (error) => resolve({ code: 127, stdout, stderr: `cannot run ${command}: ${error.message}` }));
      child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });

export class SlurmError extends Error {}

/** `sbatch --parsable <script>` prints `<id>` or `<id>;<cluster>`. */
export async function submit(run: CommandRunner, script: string): Promise<string> {
  const result = await run("sbatch", ["--parsable", script]);
  const id = /^(\d+)(;\S+)?\s*$/.exec(result.stdout.trim())?.[1];
  if (result.code !== 0 || id === undefined) {
    const detail = (result.stderr.trim() || result.stdout.trim() || `exit code ${result.code}`).split("\n")[0];
    throw new SlurmError(`sbatch failed: ${detail}`);
  }
  return id;
}

/** The job's state while Slurm still lists it (`PENDING`, `RUNNING`, ...), or undefined once gone. */
export async function queueState(run: CommandRunner, id: string): Promise<string | undefined> {
  const result = await run("squeue", ["-h", "-j", id, "-o", "%T"]);
  const state = result.stdout.trim().split("\n")[0]?.trim();
  // squeue fails with "Invalid job id" once a finished job has left the queue: that means gone.
  return result.code === 0 && state ? state : undefined;
}

export interface FinalState {
  state: string;
  exitCode: string;
}

/** `sacct -X -n -P -j ID -o State,ExitCode` → `COMPLETED|0:0`; undefined while accounting lags. */
export async function accountingState(run: CommandRunner, id: string): Promise<FinalState | undefined> {
  const result = await run("sacct", ["-X", "-n", "-P", "-j", id, "-o", "State,ExitCode"]);
  const line = result.stdout.trim().split("\n")[0]?.trim();
  if (result.code !== 0 || !line) return undefined;
  const [state = "", exitCode = ""] = line.split("|");
  // "CANCELLED by 1234" → "CANCELLED".
  return { state: state.split(" ")[0] ?? state, exitCode };
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
  /** How many polls to wait for sacct to know a job that left the queue. */
  accountingPolls: number;
  onState(state: string): void;
  tail: FileTail;
  signal?: AbortSignal;
}

/**
 * Follows a submitted job until it leaves the queue, streaming its output, and returns its final
 * state from accounting. When `signal` aborts, cancels the job with scancel and keeps following
 * until Slurm reports it gone, so the caller sees the real end state.
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
  for (let attempt = 0; attempt < options.accountingPolls; attempt++) {
    const final = await accountingState(run, id);
    if (final && !["PENDING", "RUNNING", "COMPLETING", "REQUEUED"].includes(final.state)) {
      await options.tail.poll();
      return final;
    }
    await pause(options.pollMs);
  }
  return { state: cancelled ? "CANCELLED" : "UNKNOWN", exitCode: "" };
}
