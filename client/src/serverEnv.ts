import { KEY_TRANSPORT_VARIABLE } from "../../server/src/protocol/sealedKey";

/**
 * The language server's environment: `pns.server.analysisWorkers`, when set to a whole number,
 * becomes the `PNS_LSP_ANALYSIS_WORKERS` variable the server reads (any other value leaves the
 * server's default: one worker per core beyond the first, at most 3). The user-level
 * `pns.security.allowKeys` becomes `PNS_ALLOW_KEYS` (added to one already in the environment), and
 * the session's transport key for sealed API keys travels as `PNS_KEY_TRANSPORT`.
 */
export function serverEnvironment(
  analysisWorkers: unknown,
  base: NodeJS.ProcessEnv,
  extra: { allowKeys?: unknown; transportKey?: string } = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  if (typeof analysisWorkers === "number" && Number.isInteger(analysisWorkers) && analysisWorkers >= 0) {
    env.PNS_LSP_ANALYSIS_WORKERS = String(Math.min(analysisWorkers, 16));
  }
  const allow = Array.isArray(extra.allowKeys)
    ? extra.allowKeys.filter((entry): entry is string => typeof entry === "string")
    : [];
  if (allow.length > 0) env.PNS_ALLOW_KEYS = [base.PNS_ALLOW_KEYS, ...allow].filter(Boolean).join(",");
  if (extra.transportKey) env[KEY_TRANSPORT_VARIABLE] = extra.transportKey;
  return env;
}
