import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { defaultSettings, type PnsSettings } from "../core/config/index";
import { findConfigFile, type LoadedConfig, loadConfigFile } from "../io/loadConfig";
import { JUDGE_PROMPT_V1, promptVersion } from "../scoring/judge/prompt";
import { redactUrl } from "../scoring/redact";

/** Where a run's reward configuration came from. */
export interface ResolvedRewardConfig {
  /** Absolute path of the pns.config.json, or undefined: none found, the defaults apply. */
  file: string | undefined;
  /** How it was chosen, in words, for the console and the record. */
  source: string;
  loaded: LoadedConfig;
}

/**
 * The one `pns.config.json` a run scores with: the job config's `reward_config:` (a path relative
 * to the directory `pns run` is started in, like every path in a job config), else the nearest
 * `pns.config.json` in the job config's folder or above it (the config file, not the working
 * directory: a run launched from elsewhere must not pick up whatever config lies above there),
 * else none (the defaults: local components only).
 */
export async function resolveRewardConfig(
  jobValues: Record<string, unknown>,
  jobConfigPath: string,
  cwd: string,
): Promise<ResolvedRewardConfig> {
  const named = jobValues.reward_config;
  if (typeof named === "string" && named !== "") {
    const file = path.resolve(cwd, named);
    return { file, source: "reward_config in the job config", loaded: await loadConfigFile(file) };
  }
  const found = await findConfigFile(path.dirname(jobConfigPath));
  if (found) {
    return {
      file: found,
      source: "the nearest pns.config.json above the job config",
      loaded: await loadConfigFile(found),
    };
  }
  return {
    file: undefined,
    source: "no pns.config.json in the job config's folder or above it: defaults",
    loaded: { file: undefined, settings: defaultSettings(), issues: [] },
  };
}

/** "reward model m at url, judge j at url", or undefined when neither is configured. */
export function remoteSummary(settings: PnsSettings): string | undefined {
  const parts: string[] = [];
  if (settings.rewardModel)
    parts.push(`reward model ${settings.rewardModel.model} at ${redactUrl(settings.rewardModel.baseUrl)}`);
  if (settings.judge) parts.push(`judge ${settings.judge.model} at ${redactUrl(settings.judge.baseUrl)}`);
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/** The grader's version: the package version and, in a git checkout, the commit. */
export interface GraderVersion {
  pns: string | null;
  commit: string | null;
}

export async function graderVersion(repoRoot: string | undefined): Promise<GraderVersion> {
  if (!repoRoot) return { pns: null, commit: null };
  let pns: string | null = null;
  try {
    pns =
      (JSON.parse(await fs.readFile(path.join(repoRoot, "package.json"), "utf8")) as { version?: string })
        .version ?? null;
  } catch {
    // not a checkout with a manifest (an installed bundle): no version to record
  }
  const commit = await new Promise<string | null>((resolve) => {
    execFile("git", ["-C", repoRoot, "rev-parse", "HEAD"], { timeout: 5_000 }, (error, stdout) =>
      resolve(error ? null : stdout.trim() || null),
    );
  });
  return { pns, commit };
}

/**
 * What `reward-config.json` in the run directory holds: everything that decides a reward (weights,
 * penalties, threshold, format rules, endpoints, rubric and grader versions). Never a secret: endpoint
 * URLs are redacted and keys appear only as the *name* of their environment variable.
 */
export function rewardConfigRecord(
  resolved: ResolvedRewardConfig,
  grader: GraderVersion,
): Record<string, unknown> {
  const s = resolved.loaded.settings;
  const rm = s.rewardModel;
  const judge = s.judge;
  return {
    schema: 1,
    file: resolved.file ?? null,
    source: resolved.source,
    weights: s.weights,
    penalties: s.penalties,
    implausibleThreshold: s.implausibleThreshold,
    formatRules: s.formatRules,
    rules: s.rules,
    rewardModel: rm
      ? {
          baseUrl: redactUrl(rm.baseUrl),
          model: rm.model,
          kind: rm.kind,
          transform: rm.transform,
          ...(rm.apiKeyEnv ? { apiKeyEnv: rm.apiKeyEnv } : {}),
          ...(rm.inputFormat ? { inputFormat: rm.inputFormat } : {}),
          ...(rm.modelDir ? { modelDir: rm.modelDir } : {}),
        }
      : null,
    judge: judge
      ? {
          baseUrl: redactUrl(judge.baseUrl),
          model: judge.model,
          temperature: judge.temperature,
          maxTokens: judge.maxTokens,
          rubric: promptVersion(JUDGE_PROMPT_V1),
          ...(judge.apiKeyEnv ? { apiKeyEnv: judge.apiKeyEnv } : {}),
        }
      : null,
    grader,
  };
}
