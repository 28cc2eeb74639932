import { type ChildProcess, spawn } from "node:child_process";

/**
 * The helpers `pns run` starts before a job (the reward server, the model servers' supervisor)
 * announce themselves on stdout with `KEY=value` lines (`PNS_REWARD_URL=…`, `PNS_SERVERS_READY=1`).
 * One way to start such a child and wait for its announcement, so the deadline, the failure
 * messages and the stopping are the same for all of them.
 */
export interface AnnouncingChildOptions<T> {
  /** Program and arguments. */
  command: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** What to call it in messages, e.g. "the reward server". */
  name: string;
  /** Append `--exit-with-parent <pid>`: it stops by itself if `pns run` dies (even by SIGKILL). */
  exitWithParent: boolean;
  /** After each `KEY=value` line, with every value so far: the result once it is ready, else undefined. */
  ready(values: Readonly<Record<string, string>>): T | undefined;
  /** The key of a line that says it failed, its value the reason (`PNS_SERVERS_FAILED`). */
  failureKey?: string;
  /** Its lines meant for people: stdout's other lines, and stderr's once it is ready. */
  onLine?(line: string): void;
  /** How long it may take to announce itself; none when it keeps deadlines of its own. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The reason given when `signal` aborts the start. */
  abortReason?: string;
  /** Between SIGTERM and SIGKILL when it is stopped, on failure or by `stop()`. */
  graceMs: number;
  /** The error a failed start rejects with (each caller has its own class). */
  error(message: string): Error;
}

/** A child that has announced itself: what `ready` made of its lines, and how to stop it. */
export interface AnnouncedChild<T> {
  result: T;
  stop: () => Promise<void>;
}

const ANNOUNCEMENT = /^(PNS_[A-Z0-9_]+)=(.*?)\r?$/;

/**
 * Starts the child in its own process group (Ctrl-C in a terminal signals the whole foreground
 * group, and a helper must outlive the job's last call so the run ends "cancelled", not "failed")
 * and resolves once `ready` returns a result. Rejects, after stopping it, when it exits first,
 * cannot start, announces a failure, stays silent past the deadline or the start is aborted; the
 * message ends with the last lines of its output where they say why.
 */
export function startAnnouncingChild<T>(options: AnnouncingChildOptions<T>): Promise<AnnouncedChild<T>> {
  const [program, ...args] = options.command;
  if (program === undefined) throw new Error(`empty command for ${options.name}`);
  const fullArgs = options.exitWithParent ? [...args, "--exit-with-parent", String(process.pid)] : args;
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(program, fullArgs, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const values: Record<string, string> = {};
    let pending = "";
    let outText = "";
    let errText = "";
    let settled = false;
    const stop = () => stopChild(child, options.graceMs);
    const outputTail = () => {
      const tail = (errText.trim() || outText.trim()).split("\n").slice(-3).join(" / ");
      return tail ? `: ${tail}` : "";
    };
    const finish = () => {
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    };
    const fail = (message: string) => {
      if (settled) return;
      finish();
      void stop().then(() => reject(options.error(message)));
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              fail(
                `${options.name} did not print its address within ${options.timeoutMs! / 1000}s${outputTail()}`,
              ),
            options.timeoutMs,
          );
    const onAbort = () => fail(options.abortReason ?? `${options.name}: start cancelled`);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });

    const onLine = (line: string) => {
      const match = ANNOUNCEMENT.exec(line);
      if (!match) {
        if (line.trim()) options.onLine?.(line);
        return;
      }
      values[match[1]] = match[2];
      if (match[1] === options.failureKey) fail(match[2]);
      if (settled) return;
      const result = options.ready(values);
      if (result === undefined) return;
      finish();
      resolve({ result, stop });
    };
    child.stdout?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      outText = (outText + text).slice(-4000);
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      lines.forEach(onLine);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      errText = (errText + chunk.toString()).slice(-4000);
      if (settled) for (const line of chunk.toString().split("\n")) if (line.trim()) options.onLine?.(line);
    });
    child.on("error", (error) => fail(`cannot start ${options.name} (${program}): ${error.message}`));
    // "close", not "exit": by then its output has been read, so the message can include it.
    child.on("close", (code, signal) =>
      fail(`${options.name} exited (${signal ?? `code ${code}`}) before it was ready${outputTail()}`),
    );
  });
}

/** SIGTERM, then SIGKILL if it has not exited within the grace period. */
function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
