/**
 * Which YAML files in a workspace are PNS job configs, and for which job. Pure (text in, answer
 * out). The jobs' configs carry no `job:` key (TRL's parser would reject it as unknown), so a
 * config is recognised, in order, by:
 *   1. a `# pns-job: <job>` comment (YAML ignores comments, so this marker costs nothing);
 *   2. the file name: `reverse-rl.yaml`, `my_dpo.yml`, `eval-math.yaml` (the job name as a word);
 *   3. keys only one job uses (`num_generations` → reverse-rl, `benchmarks` → eval, ...).
 * Rules 2 and 3 also need `model_name_or_path`, which every job config has, so an unrelated
 * `eval.yaml` (a CI workflow, say) is not offered.
 */
import { parseJobConfig } from "../../../server/src/protocol/jobConfigFile";
import type { JobName } from "../../../server/src/protocol/jobs";
import { JOB_NAMES } from "./definition";

/** Job config files are small; anything bigger is data, not a config. */
export const MAX_CONFIG_BYTES = 256 * 1024;

const MARKER = /^#\s*pns-job:\s*([a-z-]+)\s*$/m;

/** Keys that belong to one job only (ours and TRL's), checked in this order. */
const KEY_HINTS: readonly (readonly [string, JobName])[] = [
  ["num_generations", "reverse-rl"],
  ["reward_components", "reverse-rl"],
  ["benchmarks", "eval"],
  ["center_rewards_coefficient", "reward-model"],
  ["keep", "synthesize"],
  ["min_reward", "synthesize"],
  ["beta", "dpo"],
];

function nameOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base
    .replace(/\.ya?ml$/i, "")
    .toLowerCase()
    .replace(/_/g, "-");
}

/** The job named in the file name as a whole word (`eval` in `eval-math`, not in `evaluation`). */
export function jobFromFileName(file: string): JobName | undefined {
  const name = nameOf(file);
  // Longest names first, so `reward-model` wins over a hypothetical shorter overlap.
  const byLength = [...JOB_NAMES].sort((a, b) => b.length - a.length);
  return byLength.find((job) => new RegExp(`(^|[^a-z])${job}([^a-z]|$)`).test(name));
}

/** The job this config is for, or undefined when it is not a PNS job config. */
export function detectJob(file: string, text: string): JobName | undefined {
  const marked = MARKER.exec(text)?.[1];
  if (marked && (JOB_NAMES as readonly string[]).includes(marked)) return marked as JobName;
  const config = parseJobConfig(text, file);
  if (config.issues.some((issue) => issue.severity === "error")) {
    // A broken config named like a job is still offered: running it shows the error in place.
    return /^\s*model_name_or_path\s*:/m.test(text) ? jobFromFileName(file) : undefined;
  }
  // A pipeline config names the folder of its phases' configs, not one model (jobs/pns_jobs/pipeline.py).
  if ("phase_configs" in config.values) return "pipeline";
  if (!("model_name_or_path" in config.values)) return undefined;
  return jobFromFileName(file) ?? KEY_HINTS.find(([key]) => key in config.values)?.[1];
}

/** The relative data paths a config names (`dataset`, `benchmarks`, a local model), for cwd choice. */
export function relativePaths(text: string, file: string): string[] {
  const { values } = parseJobConfig(text, file);
  const paths: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === "string" && value !== "" && !/^([/\\~]|[A-Za-z]:[\\/]|[a-z]+:\/\/)/.test(value))
      paths.push(value);
  };
  add(values.dataset);
  if (Array.isArray(values.benchmarks)) values.benchmarks.forEach(add);
  // A hub id (`Qwen/Qwen2.5-7B-Instruct`) is not a path; `./x`, `.cache/x` or `a/b/c` are.
  const model = values.model_name_or_path;
  if (typeof model === "string" && (/^\./.test(model) || model.split("/").length > 2)) add(model);
  return paths;
}
