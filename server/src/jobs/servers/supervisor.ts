import { type ChildProcess, spawn } from "node:child_process";

/** What the supervisor printed once every server was healthy. */
export interface ServersReady {
  /** `PNS_SERVER_<ROLE>_URL` → URL, as printed. */
  urls: Record<string, string>;
  /** The reward config pointing at the servers, when a reward model or judge was started. */
  config?: string;
  /** The training's CUDA_VISIBLE_DEVICES (empty on a CPU machine). */
  trainDevices: string;
  groupPort?: string;
  stop(): Promise<void>;
}

export class ServersError extends Error {}

export interface SupervisorOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Every line the supervisor prints that is meant for people (`[pns] ...`). */
  onLine(line: string): void;
  signal?: AbortSignal;
}

/**
 * Starts `python -m pns_jobs.model_servers` (which starts the servers and waits for their health)
 * and resolves with their URLs once it prints `PNS_SERVERS_READY=1`; rejects with its reason when
 * it prints `PNS_SERVERS_FAILED=` or exits, or when the run is cancelled meanwhile (everything is
 * stopped first). It has no deadline of its own: each server's `ready_timeout_s` is the supervisor's.
 */
export function startServers(command: readonly string[], options: SupervisorOptions): Promise<ServersReady> {
  const [program, ...args] = command;
  if (program === undefined) throw new Error("empty supervisor command");
  return new Promise((resolve, reject) => {
    // Its own process group (Ctrl-C in a terminal must not stop the servers before the job has
    // recorded "cancelled"); --exit-with-parent stops it if `pns run` itself dies.
    const child: ChildProcess = spawn(program, [...args, "--exit-with-parent", String(process.pid)], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const values: Record<string, string> = {};
    let pending = "";
    let settled = false;
    let errText = "";
    const stop = () => stopSupervisor(child);
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener("abort", onAbort);
      void stop().then(() => reject(new ServersError(message)));
    };
    const onAbort = () => fail("cancelled by the user (Ctrl-C) while the servers were starting");
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });
    const onLine = (line: string) => {
      const match = /^(PNS_[A-Z0-9_]+)=(.*)$/.exec(line);
      if (!match) {
        if (line.trim()) options.onLine(line);
        return;
      }
      values[match[1]] = match[2];
      if (match[1] === "PNS_SERVERS_FAILED") fail(match[2]);
      if (match[1] === "PNS_SERVERS_READY" && !settled) {
        settled = true;
        options.signal?.removeEventListener("abort", onAbort);
        const urls = Object.fromEntries(
          Object.entries(values).filter(([k]) => /^PNS_SERVER_[A-Z0-9_]+_URL$/.test(k)),
        );
        resolve({
          urls,
          config: values.PNS_SERVERS_CONFIG,
          trainDevices: values.PNS_TRAIN_DEVICES ?? "",
          groupPort: values.PNS_VLLM_GROUP_PORT,
          stop,
        });
      }
    };
    child.stdout?.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      lines.forEach(onLine);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      errText = (errText + chunk.toString()).slice(-4000);
      if (settled) for (const line of chunk.toString().split("\n")) if (line.trim()) options.onLine(line);
    });
    child.on("error", (error) =>
      fail(`cannot start the model servers' supervisor (${program}): ${error.message}`),
    );
    child.on("close", (code, signal) => {
      const tail = errText.trim().split("\n").slice(-3).join(" / ");
      fail(
        `the model servers' supervisor exited (${signal ?? `code ${code}`}) before they were ready${tail ? `: ${tail}` : ""}`,
      );
    });
  });
}

/** SIGTERM (it stops every server, each with a grace period), then SIGKILL if it is still there. */
function stopSupervisor(child: ChildProcess, graceMs = 60_000): Promise<void> {
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
