import type { ConfigIssue, JobConfigFile, Location } from "../protocol/jobConfigFile";
import { BENCHMARK_NAMES } from "./benchmarkNames";
import type { JobSpec } from "../protocol/jobs";

/** What validation needs to know about the environment; injected so tests need no files. */
export interface ValidationContext {
  /** Every key the job accepts, with its default, from the Python probe; undefined when unknown. */
  fields?: Record<string, unknown>;
  /** Total training processes (GPUs × nodes); 1 for a plain local run. */
  processes: number;
  exists(path: string): boolean;
}

/** Keys `pns run` sets itself: a value in the config would be overridden. */
const MANAGED_KEYS: Record<string, string> = {
  output_dir: "checkpoints always go to <run dir>/checkpoints",
  run_dir: "pass --run-dir to pns run instead",
  logging_dir: "logs go to <run dir>/logs",
  config: "reserved by TRL's parser",
};

/**
 * Keys `pns run` itself reads, accepted whatever the probe lists: `env`, `servers` (servers/spec.ts) and `reward_config` (the
 * run's pns.config.json, which the Python side accepts and ignores).
 */
const ALWAYS_KNOWN = new Set(["env", "reward_config", "servers"]);

const POSITIVE_INTEGERS = [
  "per_device_train_batch_size",
  "gradient_accumulation_steps",
  "num_generations",
  "steps_per_generation",
  "generation_batch_size",
  "max_completion_length",
  "max_length",
  "max_prompt_length",
  "logging_steps",
  "num_samples",
  "keep",
  "max_new_tokens",
  "batch_size",
  "save_total_limit",
];
const NON_NEGATIVE_NUMBERS = [
  "learning_rate",
  "beta",
  "temperature",
  "center_rewards_coefficient",
  "top_p",
  "epsilon",
];

/** Edit distance, for "did you mean" on unknown keys. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

export function suggestKey(key: string, known: string[]): string | undefined {
  let best: { name: string; score: number } | undefined;
  for (const name of known) {
    const score = distance(key, name);
    if (score <= Math.max(2, Math.floor(key.length / 4)) && (!best || score < best.score))
      best = { name, score };
  }
  return best?.name;
}

/** A hub id is `name` or `org/name`; anything else (./x, /x, a/b/c, ~/x) is meant as a local path. */
export function looksLocal(model: string): boolean {
  return /^[.~/]/.test(model) || model.split("/").length > 2;
}

export function validateJobConfig(
  job: JobSpec,
  config: JobConfigFile,
  context: ValidationContext,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const { values } = config;
  const top: Location = { line: 1, column: 1 };
  const report = (severity: ConfigIssue["severity"], where: Location | undefined, message: string) =>
    issues.push({ file: config.file, ...(where ?? top), severity, message });
  const valueOf = (key: string): unknown => (key in values ? values[key] : context.fields?.[key]);

  for (const key of Object.keys(values)) {
    if (key in MANAGED_KEYS)
      report("warning", config.keys[key], `'${key}' is managed by pns run: ${MANAGED_KEYS[key]}`);
    else if (context.fields && !(key in context.fields) && !ALWAYS_KNOWN.has(key)) {
      const hint = suggestKey(key, Object.keys(context.fields));
      report(
        "error",
        config.keys[key],
        `unknown key '${key}' for ${job.name}${hint ? ` (did you mean '${hint}'?)` : ""}`,
      );
    }
  }

  for (const key of POSITIVE_INTEGERS) {
    const value = values[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
      report(
        "error",
        config.valueAt[key],
        `'${key}' must be a positive integer, got ${JSON.stringify(value)}`,
      );
  }
  for (const key of NON_NEGATIVE_NUMBERS) {
    const value = values[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "number" || !(value >= 0))
      report("error", config.valueAt[key], `'${key}' must be a number >= 0, got ${JSON.stringify(value)}`);
  }
  if ("max_steps" in values) {
    const steps = values.max_steps;
    if (typeof steps !== "number" || !Number.isInteger(steps) || (steps < 1 && steps !== -1))
      report(
        "error",
        config.valueAt.max_steps,
        `'max_steps' must be a positive integer (or -1 for epochs), got ${JSON.stringify(steps)}`,
      );
  }

  if (job.name === "reverse-rl") checkGenerationSizes(values, valueOf, context.processes, config, report);
  if (
    job.name === "eval" &&
    Number(valueOf("temperature") ?? 0) === 0 &&
    Number(valueOf("num_samples") ?? 1) > 1
  )
    report(
      "error",
      config.valueAt.num_samples,
      "num_samples > 1 needs temperature > 0: greedy decoding repeats one answer",
    );

  checkFiles(job, config, context, report);
  return issues;
}

type Report = (severity: ConfigIssue["severity"], where: Location | undefined, message: string) => void;

/** TRL's GRPO rule: every generation batch holds whole groups of `num_generations` completions. */
function checkGenerationSizes(
  values: Record<string, unknown>,
  valueOf: (key: string) => unknown,
  processes: number,
  config: JobConfigFile,
  report: Report,
): void {
  const perDevice = Number(valueOf("per_device_train_batch_size") ?? 8);
  const generations = Number(valueOf("num_generations") ?? 8);
  const accumulation = Number(valueOf("gradient_accumulation_steps") ?? 1);
  const stepsPerGeneration = Number(valueOf("steps_per_generation") ?? accumulation) || accumulation;
  const explicit = values.generation_batch_size;
  if (![perDevice, generations, accumulation].every((n) => Number.isInteger(n) && n > 0)) return; // reported above
  const where = config.valueAt.num_generations ?? config.valueAt.per_device_train_batch_size;
  if (generations < 2) {
    report(
      "error",
      config.valueAt.num_generations,
      "'num_generations' must be at least 2: GRPO compares completions within a group",
    );
    return;
  }
  const global = perDevice * processes;
  if (typeof explicit === "number") {
    if (explicit % generations !== 0)
      report(
        "error",
        config.valueAt.generation_batch_size,
        `generation_batch_size ${explicit} is not divisible by num_generations ${generations}`,
      );
    if (explicit % global !== 0)
      report(
        "error",
        config.valueAt.generation_batch_size,
        `generation_batch_size ${explicit} is not divisible by per_device_train_batch_size × processes = ${global}`,
      );
    return;
  }
  const batch = global * stepsPerGeneration;
  if (batch % generations !== 0) {
    const shape = `per_device_train_batch_size ${perDevice} × ${processes} process${processes === 1 ? "" : "es"} × steps_per_generation ${stepsPerGeneration} = ${batch}`;
    report(
      "error",
      where,
      `${shape} is not divisible by num_generations ${generations}: pick sizes so that whole groups fit`,
    );
  }
}

function checkFiles(job: JobSpec, config: JobConfigFile, context: ValidationContext, report: Report): void {
  const { values } = config;
  const endpoint = typeof values.endpoint_url === "string" && values.endpoint_url !== "";
  const dataset = values.dataset;
  const benchmarks = values.benchmarks;
  if (dataset !== undefined && typeof dataset !== "string")
    report(
      "error",
      config.valueAt.dataset,
      "'dataset' must be a path (a .pns file, a JSONL file or a folder)",
    );
  else if (typeof dataset === "string" && dataset !== "" && !context.exists(dataset))
    report("error", config.valueAt.dataset, `dataset ${dataset} does not exist`);
  else if (job.name !== "eval" && job.name !== "pipeline" && !dataset)
    report(
      "error",
      config.keys.dataset,
      `${job.name} needs 'dataset:' (a .pns file, exported with pns export, or JSONL)`,
    );

  if (job.name === "pipeline") {
    // The pipeline sets every phase's model and data itself; it needs its base checkpoint.
    const base = values.base_model ?? context.fields?.base_model;
    if (typeof base !== "string" || base === "")
      report("error", config.keys.base_model, "pipeline needs 'base_model:' (a saved model folder)");
    else if (!context.exists(base))
      report("error", config.valueAt.base_model, `base model ${base} does not exist`);
    return;
  }

  if (job.name === "eval") {
    const list = benchmarks === undefined ? [] : benchmarks;
    if (!Array.isArray(list) || list.some((b) => typeof b !== "string"))
      report(
        "error",
        config.valueAt.benchmarks,
        "'benchmarks' must be a list of JSONL file paths (or benchmark names such as gsm8k)",
      );
    else {
      if (list.length === 0 && !dataset)
        report("error", undefined, "eval needs 'benchmarks:' (one or more JSONL files)");
      for (const bench of list as string[])
        if (!context.exists(bench) && !BENCHMARK_NAMES.includes(bench))
          report(
            "error",
            config.valueAt.benchmarks,
            `benchmark file ${bench} does not exist (nor is it one of ${BENCHMARK_NAMES.join(", ")})`,
          );
    }
  }

  const model = values.model_name_or_path;
  const fromScratch = job.name === "sft" && typeof values.init_shape === "string" && values.init_shape !== "";
  if (model === undefined || model === null || model === "") {
    if (!endpoint && !fromScratch)
      report("error", undefined, `${job.name} needs 'model_name_or_path:' (a local folder or a hub id)`);
  } else if (typeof model !== "string")
    report("error", config.valueAt.model_name_or_path, "'model_name_or_path' must be a string");
  else if (looksLocal(model) && !context.exists(model)) {
    const hint = /tiny/.test(model) ? ` (build it: python -m pns_jobs.tiny_model --out ${model})` : "";
    report("error", config.valueAt.model_name_or_path, `model path ${model} does not exist${hint}`);
  }

  const rewardConfig = values.reward_config;
  if (rewardConfig !== undefined && rewardConfig !== null) {
    if (typeof rewardConfig !== "string" || rewardConfig === "")
      report("error", config.valueAt.reward_config, "'reward_config' must be the path of a pns.config.json");
    else if (!context.exists(rewardConfig))
      report("error", config.valueAt.reward_config, `reward_config ${rewardConfig} does not exist`);
    else if (!job.needsRewardServer)
      report(
        "warning",
        config.keys.reward_config,
        `'reward_config' is not used by ${job.name}: it starts no reward server`,
      );
  }

  for (const key of ["deepspeed", "fsdp_config"]) {
    const value = values[key];
    if (typeof value === "string" && value.endsWith(".json") && !context.exists(value))
      report("error", config.valueAt[key], `${key} file ${value} does not exist`);
  }
}
