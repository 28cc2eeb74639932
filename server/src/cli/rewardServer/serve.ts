import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { type CliIo, EXIT_OK, EXIT_USAGE } from "../command";
import { defaultSettings } from "../../core/config/index";
import { formatConfigIssue, loadConfigFile, loadConfigFor } from "../../io/loadConfig";
import { createScoring } from "../../scoring/createScoring";
import { type ServeRewardArgs, isLoopback } from "./options";
import { type RunningRewardServer, startRewardServer } from "./server";

export const LOOPBACK = "127.0.0.1";

/**
 * Runs the reward server until `stop` aborts, then shuts down gracefully. Prints the
 * machine-readable lines the job launcher reads on stdout (`PNS_REWARD_URL=...`,
 * `PNS_REWARD_TOKEN=...` when the token was generated) and everything for humans on stderr.
 */
export async function serveReward(
  args: ServeRewardArgs,
  io: CliIo,
  stop: AbortSignal,
  onListening?: (server: RunningRewardServer) => void,
): Promise<number> {
  const err = (line: string) => io.stderr.write(`pns serve-reward: ${line}\n`);

  // Only an explicit --host may bind beyond this machine; the environment may not widen it silently.
  const envHost = io.env.PNS_REWARD_HOST;
  let host = args.host ?? envHost ?? LOOPBACK;
  if (args.host === undefined && !isLoopback(host)) {
    err(
      `refusing to bind ${host} from PNS_REWARD_HOST: pass --host ${host} to expose the server beyond this machine`,
    );
    return EXIT_USAGE;
  }
  if (!isLoopback(host)) {
    err(
      `warning: binding ${host}: the reward server is reachable from other machines (bearer token required)`,
    );
  }
  if (host === "localhost") host = LOOPBACK;

  const loaded = args.config
    ? await loadConfigFile(path.resolve(io.cwd, args.config))
    : args.noConfig
      ? { file: undefined, settings: defaultSettings(), issues: [] }
      : await loadConfigFor(io.cwd);
  for (const issue of loaded.issues) err(formatConfigIssue(issue));
  if (loaded.issues.some((issue) => issue.severity === "error")) {
    err("fix the configuration errors above");
    return EXIT_USAGE;
  }
  const settings = loaded.settings;
  const baseDir = loaded.file ? path.dirname(loaded.file) : io.cwd;

  const fromEnv = io.env[args.tokenEnv];
  const token = fromEnv && fromEnv.length > 0 ? fromEnv : randomBytes(32).toString("base64url");
  if (fromEnv && fromEnv.length < 16)
    err(`warning: the token in ${args.tokenEnv} is short (${fromEnv.length} characters)`);

  const { service } = createScoring({
    settings,
    baseDir,
    cache: args.cache,
    env: io.env,
    keyGrants: args.allowKeys,
    warn: err,
  });

  let server: RunningRewardServer;
  try {
    server = await startRewardServer({
      host,
      port: args.port,
      token,
      settings,
      service,
      maxItems: args.maxItems,
      maxBodyBytes: args.maxBodyMb * 1024 * 1024,
      onRemoteFailure: args.onRemoteFailure,
      remoteBudgetMs: args.remoteBudgetS * 1000,
      version: "0.1.0",
      log: err,
      limits: { maxConnections: args.maxConnections, maxItemChars: args.maxItemKb * 1024 },
    });
  } catch (error) {
    err(`cannot listen on ${host}:${args.port}: ${(error as Error).message}`);
    return EXIT_USAGE;
  }

  const remote = service.configured();
  err(
    `config: ${loaded.file ?? (args.noConfig ? "none (--no-config), using defaults" : "none found, using defaults")}`,
  );
  err(
    remote.length === 0
      ? "components: format, accuracy, cot (local only: no reward model or judge configured)"
      : `components: format, accuracy, cot, ${remote.join(", ")}`,
  );
  io.stdout.write(`PNS_REWARD_URL=${server.url}\n`);
  io.stdout.write(fromEnv ? `PNS_REWARD_TOKEN_ENV=${args.tokenEnv}\n` : `PNS_REWARD_TOKEN=${token}\n`);
  err(`listening on ${server.url} (POST /v1/reward, GET /health); stop with Ctrl-C or SIGTERM`);
  onListening?.(server);

  if (!stop.aborted)
    await new Promise<void>((resolve) => stop.addEventListener("abort", () => resolve(), { once: true }));
  err("shutting down: finishing requests in flight");
  await server.close();
  const usage = service.usage();
  for (const name of remote) {
    const u = usage[name];
    err(
      `${name}: ${u.requests} requests, ${u.cacheHits} cache hits, ${u.unscored} unscored, ${u.promptTokens + u.completionTokens} tokens, $${u.costUsd.toFixed(4)}`,
    );
  }
  return EXIT_OK;
}
