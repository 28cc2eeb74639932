import { startAnnouncingChild } from "./announcingChild";

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
export async function startRewardServer(
  command: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<RewardServer> {
  const { result, stop } = await startAnnouncingChild({
    command,
    env,
    name: "the reward server",
    // Our own server stops with `pns run` (`--exit-with-parent`); another command may not know the flag.
    exitWithParent: command.includes("serve-reward"),
    timeoutMs,
    graceMs: 5_000,
    error: (message) => new RewardServerError(message),
    ready: (values) => {
      const url = values.PNS_REWARD_URL;
      // A server given its token through a variable names the variable instead of printing it.
      const tokenEnv = values.PNS_REWARD_TOKEN_ENV;
      const token = values.PNS_REWARD_TOKEN ?? (tokenEnv ? env[tokenEnv] : undefined);
      return url && token ? { url, token } : undefined;
    },
  });
  return { ...result, stop };
}
