import type { CliCommand } from "../command";
import { DEFAULT_PORT, parseServeRewardArgs } from "../rewardServer/options";
import { serveReward } from "../rewardServer/serve";

const help = `Usage: pns serve-reward [--host 127.0.0.1] [--port ${DEFAULT_PORT}] [--config pns.config.json | --no-config] [--token-env PNS_REWARD_TOKEN]

Serves the composite reward over HTTP for trainers (TRL reward functions), computed by the same
engine as the editor and \`pns score\`.

  POST /v1/reward   {"items": [{"prompt", "completion", "answer"}, ...], "components"?: [...]}
                    -> {"results": [{"reward", "components", "reasons", "used"} | null, ...]}
  GET  /health      liveness, no token needed

Options:
  --host ADDR              bind address (default 127.0.0.1); anything beyond loopback must be
                           given here explicitly and prints a warning
  --port N                 port (default ${DEFAULT_PORT}); 0 picks a free one
  --config FILE            project config (default: pns.config.json found upward from here)
  --no-config              the default settings, whatever config lies above (pns run passes
                           --config or --no-config, so each run scores with the config it records)
  --token-env NAME         variable holding the bearer token (default PNS_REWARD_TOKEN); when
                           unset, a random token is generated and printed
  --max-items N            most items per request, more is answered 413 (default 10000)
  --max-body-mb N          largest request body in MiB (default 64: 10,000 items of ~6 KB)
  --max-item-kb N          longest item (prompt + completion) in Ki characters; a longer one is
                           answered null with the reason (default 128, ~32k tokens)
  --max-connections N      most open connections; more are closed at once (default 256)
  --on-remote-failure M    null (default): an item whose configured reward model or judge failed
                           gets reward null; partial: reward from the components that scored
  --remote-budget-s N      longest the reward model and judge may take for one request; then
                           their calls are cancelled and the items unscored (default 240)
  --no-cache               do not read or write the on-disk score cache
  --allow-key VAR@HOST     allow the key in VAR to be sent to HOST (repeatable); the project
                           config alone never can (see docs/security.md)
  --exit-with-parent PID   stop gracefully once process PID has exited (launchers use it so a
                           server in its own process group never outlives them)

Prints on stdout, for launchers:
  PNS_REWARD_URL=http://127.0.0.1:PORT
  PNS_REWARD_TOKEN=...          (or PNS_REWARD_TOKEN_ENV=NAME when the token came from NAME)

Stops gracefully on SIGINT or SIGTERM. See docs/scoring.md.
`;

export const serveRewardCommand: CliCommand = {
  name: "serve-reward",
  summary: "Serve the composite reward over HTTP for trainers",
  help,
  async run(argv, io) {
    const args = parseServeRewardArgs(argv);
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const watch = args.exitWithParent === undefined ? undefined : watchParent(args.exitWithParent, onSignal);
    try {
      return await serveReward(args, io, stop.signal);
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      if (watch) clearInterval(watch);
    }
  },
};

/** Polls whether `pid` still exists (signal 0 checks without signalling) and calls `gone` once it does not. */
function watchParent(pid: number, gone: () => void): NodeJS.Timeout {
  const timer = setInterval(() => {
    try {
      process.kill(pid, 0);
    } catch (error) {
      // EPERM means it exists but belongs to someone else: still alive.
      if ((error as NodeJS.ErrnoException).code === "EPERM") return;
      clearInterval(timer);
      gone();
    }
  }, 1000);
  timer.unref();
  return timer;
}
