/**
 * The jobs `pns run` launches, and what each needs. The Python side (`jobs/pns_jobs`) holds one
 * launcher module per job; this table is the TypeScript view of the same list.
 */

export type JobName =
  "sft" | "sample" | "reward-model" | "reverse-rl" | "synthesize" | "dpo" | "eval" | "pipeline";

export interface JobSpec {
  name: JobName;
  /** `python -m pns_jobs.<module>`. */
  module: string;
  /** Whether the job scores through `pns serve-reward` (started and stopped by `pns run`). */
  needsRewardServer: boolean;
  /** Whether the job trains with a TRL trainer (checkpoints, accelerate, several processes). */
  trains: boolean;
  /** One line for `pns run --help`. */
  summary: string;
  /** Whether the job takes `--profile NAME` (the pipeline's profiles). */
  profiles?: boolean;
}

export const JOB_SPECS: readonly JobSpec[] = [
  {
    name: "sft",
    module: "sft",
    needsRewardServer: false,
    trains: true,
    summary: "TRL SFTTrainer on the positive responses of a .pns file (warm-starts a generator)",
  },
  {
    name: "sample",
    module: "sample",
    needsRewardServer: true,
    trains: false,
    summary: "K responses per problem from any model, graded: correct -> @positive, wrong -> @negative",
  },
  {
    name: "reward-model",
    module: "reward_model",
    needsRewardServer: false,
    trains: true,
    summary: "TRL RewardTrainer, centred Bradley-Terry loss on (correct, incorrect) pairs",
  },
  {
    name: "reverse-rl",
    module: "reverse_rl",
    needsRewardServer: true,
    trains: true,
    summary: "TRL GRPOTrainer rewarded by pns serve-reward (plausible wrong answers pay)",
  },
  {
    name: "synthesize",
    module: "synthesize",
    needsRewardServer: true,
    trains: false,
    summary: "sample K per problem, keep the N most plausible wrong ones as .pns negatives",
  },
  {
    name: "dpo",
    module: "dpo",
    needsRewardServer: false,
    trains: true,
    summary: "TRL DPOTrainer on correct vs plausible-negative pairs",
  },
  {
    name: "eval",
    module: "evaluate",
    needsRewardServer: false,
    trains: false,
    summary: "pass@1 / pass@k on benchmark JSONL or .pns problems, one or several models",
  },
  {
    name: "pipeline",
    module: "pipeline",
    needsRewardServer: false,
    trains: false,
    summary: "the whole method, one job per phase, with a report (examples/mini/pipeline.yaml)",
    profiles: true,
  },
];

export function findJob(name: string): JobSpec | undefined {
  return JOB_SPECS.find((job) => job.name === name);
}
