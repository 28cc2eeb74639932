/**
 * Runs `pns run` as the leader of its own process group and stops it in order: SIGINT to pns run
 * alone (it then stops the job's own process group, waits for it to record `cancelled`, and only
 * then stops the reward server it started), SIGTERM to pns run if it is still there after a grace
 * period, and SIGKILL to the whole group after a second one. Signalling the group at once, as a
 * terminal's Ctrl-C does, would also stop the reward server while the job still calls it, and the
 * run would end `failed` instead of `cancelled`. No vscode here: tested with real processes.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface JobProcessOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  onStdout(text: string): void;
  onStderr(text: string): void;
  /** After SIGINT, how long before SIGTERM; SIGKILL follows after as long again. */
  graceMs?: number;
}

export interface JobExit {
  /** Exit code; 130 (as a shell reports Ctrl-C) when a signal ended it. */
  code: number;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: string;
}

/** pns run gives the job 15 s to unwind after SIGTERM; wait longer than that before escalating. */
const DEFAULT_GRACE_MS = 20_000;

export class JobProcess {
  readonly exited: Promise<JobExit>;
  private readonly child: ChildProcess;
  private readonly graceMs: number;
  private timers: NodeJS.Timeout[] = [];
  private done = false;

  constructor(options: JobProcessOptions) {
    this.child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env,
      // Its own process group (POSIX), so one signal reaches pns run and the reward server it starts.
      detached: process.platform !== "win32",
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true,
    });
    this.child.stdout?.setEncoding("utf8").on("data", (text: string) => options.onStdout(text));
    this.child.stderr?.setEncoding("utf8").on("data", (text: string) => options.onStderr(text));
    this.exited = new Promise<JobExit>((resolve) => {
      this.child.once("error", (error) => {
        this.finish();
        resolve({ code: 127, signal: null, error: error.message });
      });
      this.child.once("close", (code, signal) => {
        this.finish();
        resolve({ code: code ?? 130, signal });
      });
    });
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts the SIGINT → SIGTERM → SIGKILL sequence; a second call does nothing more. */
  cancel(): void {
    if (this.done || this.timers.length > 0) return;
    this.signal("SIGINT", false);
    this.timers.push(setTimeout(() => this.signal("SIGTERM", false), this.graceMs));
    this.timers.push(setTimeout(() => this.signal("SIGKILL", true), 2 * this.graceMs));
  }

  private signal(sig: NodeJS.Signals, wholeGroup: boolean): void {
    const pid = this.child.pid;
    if (pid === undefined || this.done) return;
    try {
      if (process.platform === "win32" || !wholeGroup) this.child.kill(sig);
      else process.kill(-pid, sig);
    } catch {
      // Gone already: nothing to stop.
    }
  }

  private finish(): void {
    this.done = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }
}
