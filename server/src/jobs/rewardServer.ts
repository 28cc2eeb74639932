import { type ChildProcess, spawn } from "node:child_process";

/** A running `pns serve-reward`: its address and token, and how to stop it. */
export interface RewardServer {
  url: string;
  token: string;
  stop(): Promise<void>;
}

export class RewardServerError extends Error {}

/**
 * Starts the reward server (`pns serve-reward --port 0` by default) and resolves once it has printed
 * `PNS_REWARD_URL=` and `PNS_REWARD_TOKEN=` lines; rejects with its output if it exits first or
 * stays silent past the deadline.
 */
export function startRewardServer(
  command: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<RewardServer> {
  const [program, ...args] = command;
  if (program === undefined) throw new Error("empty reward server command");
  return new Promise((resolve, reject) => {
    // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and the
    // server must outlive the job's last reward call so the run ends "cancelled", not "failed".
    // `--exit-with-parent` makes sure it still never outlives `pns run` itself (e.g. after SIGKILL).
    const ownServer = args.includes("serve-reward");
    const fullArgs = ownServer ? [...args, "--exit-with-parent", String(process.pid)] : args;
    const child: ChildProcess = spawn(program, fullArgs, {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let out = "";
    let err = "";
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      const detail = (err.trim() || out.trim()).split("\n").slice(-3).join(" / ");
      reject(new RewardServerError(`${message}${detail ? `: ${detail}` : ""}`));
    };
    const timer = setTimeout(
      () => fail(`the reward server did not print its address within ${timeoutMs / 1000}s`),
      timeoutMs,
    );
    child.stderr?.on("data", (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /^PNS_REWARD_URL=(\S+)$/m.exec(out)?.[1];
      // A server given its token through a variable names the variable instead of printing it.
      const tokenEnv = /^PNS_REWARD_TOKEN_ENV=(\S+)$/m.exec(out)?.[1];
      const token = /^PNS_REWARD_TOKEN=(\S+)$/m.exec(out)?.[1] ?? (tokenEnv ? env[tokenEnv] : undefined);
      if (url && token && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ url, token, stop: () => stopChild(child) });
      }
    });
    child.on("error", (error) => fail(`cannot start the reward server (${program}): ${error.message}`));
    // "close", not "exit": by then its output has been read, so the message can include it.
    child.on("close", (code, signal) =>
      fail(`the reward server exited (${signal ?? `code ${code}`}) before it was ready`),
    );
  });
}

/** SIGTERM, then SIGKILL if it has not exited within the grace period. */
function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
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
