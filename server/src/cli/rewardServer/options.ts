import { isIP } from "node:net";
import type { KeyGrant } from "../../scoring/keyPolicy";
import { parseKeyGrants } from "../../scoring/keyPolicy";
import { UsageError } from "../command";
import { DEFAULT_LIMITS } from "./limits";

export interface ServeRewardArgs {
  /** Set only when `--host` was given: the explicit bind address. */
  host?: string;
  port: number;
  config?: string;
  /** `--no-config`: the defaults, whatever pns.config.json lies above (pns run found none for the run). */
  noConfig?: boolean;
  tokenEnv: string;
  maxItems: number;
  maxBodyMb: number;
  onRemoteFailure: "null" | "partial";
  remoteBudgetS: number;
  cache: boolean;
  /** Most open connections (`--max-connections`). */
  maxConnections: number;
  /** Longest item (prompt + completion) scored, in KiB of characters (`--max-item-kb`). */
  maxItemKb: number;
  /** Key variables the user allows to further hosts (`--allow-key VAR@host`, repeatable). */
  allowKeys: KeyGrant[];
  /** Stop when this process is gone: set by `pns run`, which starts the server in its own process group. */
  exitWithParent?: number;
}

export const DEFAULT_PORT = 8765;

/** Parses `pns serve-reward` arguments (`--name value` or `--name=value`). */
export function parseServeRewardArgs(argv: string[]): ServeRewardArgs {
  const args: ServeRewardArgs = {
    port: DEFAULT_PORT,
    tokenEnv: "PNS_REWARD_TOKEN",
    maxItems: 10_000,
    maxBodyMb: 64,
    onRemoteFailure: "null",
    remoteBudgetS: 240,
    cache: true,
    maxConnections: DEFAULT_LIMITS.maxConnections,
    maxItemKb: DEFAULT_LIMITS.maxItemChars / 1024,
    allowKeys: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--no-cache") {
      args.cache = false;
      continue;
    }
    if (arg === "--no-config") {
      args.noConfig = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case "--host":
        args.host = value();
        break;
      case "--port":
        args.port = integer(name, value(), 0, 65535);
        break;
      case "--config":
        args.config = value();
        break;
      case "--token-env": {
        const v = value();
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(v))
          throw new UsageError(`--token-env must be an environment variable name, got '${v}'`);
        args.tokenEnv = v;
        break;
      }
      case "--max-items":
        args.maxItems = integer(name, value(), 1, 10_000_000);
        break;
      case "--max-body-mb":
        args.maxBodyMb = integer(name, value(), 1, 4096);
        break;
      case "--max-connections":
        args.maxConnections = integer(name, value(), 1, 100_000);
        break;
      case "--max-item-kb":
        args.maxItemKb = integer(name, value(), 1, 1024 * 1024);
        break;
      case "--allow-key": {
        const v = value();
        const { grants, errors } = parseKeyGrants(v);
        if (errors.length > 0 || grants.length === 0)
          throw new UsageError(`--allow-key takes VARIABLE@host (e.g. MY_KEY@judge.example.com), got '${v}'`);
        args.allowKeys.push(...grants);
        break;
      }
      case "--exit-with-parent":
        args.exitWithParent = integer(name, value(), 1, 2 ** 31 - 1);
        break;
      case "--remote-budget-s":
        args.remoteBudgetS = integer(name, value(), 1, 86_400);
        break;
      case "--on-remote-failure": {
        const v = value();
        if (v !== "null" && v !== "partial")
          throw new UsageError(`--on-remote-failure must be null or partial, got '${v}'`);
        args.onRemoteFailure = v;
        break;
      }
      default:
        throw new UsageError(`unknown option '${arg}' (see pns serve-reward --help)`);
    }
  }
  if (args.noConfig && args.config !== undefined)
    throw new UsageError("give --config or --no-config, not both");
  return args;
}

function integer(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${name} must be an integer from ${min} to ${max}, got '${text}'`);
  return n;
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, `localhost`. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || bare === "0:0:0:0:0:0:0:1";
  return false;
}
