import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether we stopped it (Ctrl-C / abort), as opposed to it ending by itself. */
  cancelled: boolean;
  /** The last lines of stderr, for a failure message when the job could not record one. */
  stderrTail: string;
}

export interface ProcessOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Every byte of stdout and stderr is appended here (the run's log.txt). */
  logFile: string;
  onStdout(text: string): void;
  onStderr(text: string): void;
  signal?: AbortSignal;
  /** After SIGTERM, how long the group gets to unwind (write status, flush) before SIGKILL. */
  graceMs?: number;
}

/**
 * Runs a command as the leader of its own process group (accelerate's ranks, the trainer's data
 * workers all join it) and, on abort, signals the whole group: SIGTERM first so the job records
 * `cancelled`, SIGKILL after the grace period.
 */
export function runProcessGroup(argv: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  const [command, ...args] = argv;
  if (command === undefined) throw new Error("empty command");
  const log = createWriteStream(options.logFile, { flags: "a" });
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true, // a new process group, so one signal reaches every rank
      stdio: ["ignore", "pipe", "pipe"],
    });
    let cancelled = false;
    let stderrTail = "";
    let killTimer: NodeJS.Timeout | undefined;
    const signalGroup = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        // the group is already gone
      }
    };
    const onAbort = () => {
      cancelled = true;
      signalGroup("SIGTERM");
      killTimer = setTimeout(() => signalGroup("SIGKILL"), options.graceMs ?? 15_000);
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.on("data", (chunk: Buffer) => {
      log.write(chunk);
      options.onStdout(chunk.toString());
    });
    child.stderr.on("data", (chunk: Buffer) => {
      log.write(chunk);
      stderrTail = (stderrTail + chunk.toString()).slice(-4000);
      options.onStderr(chunk.toString());
    });
    const finish = (result: Omit<ProcessResult, "cancelled" | "stderrTail">) => {
      clearTimeout(killTimer);
      options.signal?.removeEventListener("abort", onAbort);
      log.end(() => resolve({ ...result, cancelled, stderrTail }));
    };
    child.on("error", (error) => {
      stderrTail += `cannot start ${command}: ${error.message}`;
      finish({ code: 127, signal: null });
    });
    child.on("close", (code, signal) => {
      // Ranks may outlive the leader; make sure nothing of the group is left behind.
      signalGroup("SIGKILL");
      finish({ code, signal });
    });
  });
}
