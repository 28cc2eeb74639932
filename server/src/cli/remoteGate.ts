import { UsageError } from "./command";

/** The `CI` variable as CI services set it (`true`, `1`, a name); `false`/`0`/empty mean no. */
export function runningInCi(env: Record<string, string | undefined>): boolean {
  const value = (env.CI ?? "").trim().toLowerCase();
  return value !== "" && value !== "false" && value !== "0";
}

/**
 * Whether a command that may call the judge and reward model stays local: with --local, and in CI
 * unless --remote is given, so that a pull request's pns.config.json cannot make CI call an
 * endpoint it chose (docs/security.md). `localReason` says why when the user did not ask.
 */
export function remoteGate(
  flags: { local: boolean; remote: boolean },
  env: Record<string, string | undefined>,
): { local: boolean; localReason?: string } {
  if (flags.local && flags.remote) throw new UsageError("--local and --remote contradict each other");
  if (flags.local) return { local: true };
  if (runningInCi(env) && !flags.remote) {
    return { local: true, localReason: "CI is set (pass --remote to call them)" };
  }
  return { local: false };
}

/** The help text of the two flags, for each command that has them. */
export const REMOTE_FLAGS_HELP = `  --local              never call the judge or reward model, even when configured
  --remote             call them in CI too: when the CI variable is set, the command is --local
                       unless --remote is given, so a pull request's pns.config.json cannot make
                       CI call an endpoint it chose (docs/security.md)`;
