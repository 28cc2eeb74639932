import type { JobSpec } from "../protocol/jobs";

/** Everything that decides the command line of one launch; pure data, so dry runs and tests agree. */
export interface LaunchPlan {
  job: JobSpec;
  python: string;
  configPath: string;
  runDir: string;
  resume: boolean;
  /** GPUs per node, one process each; 0 on CPU-only Slurm nodes (then one process per node). */
  gpus: number;
  nodes: number;
  /** An accelerate config file (DeepSpeed ZeRO, FSDP, ...), passed through as --config_file. */
  accelerateConfig?: string;
  /** Extra arguments for `accelerate launch`, given after `--` on the pns command line. */
  accelerateArgs: string[];
  /** A pipeline profile, passed as `--profile NAME`. */
  profile?: string;
  /** Set by the run's servers: TRL's generation server URL and weight-sync port (`--vllm_server_base_url ...`). */
  jobExtraArgs?: string[];
}

/** Training processes on each node: one per GPU, or one on a node without GPUs. */
export function processesPerNode(plan: Pick<LaunchPlan, "gpus">): number {
  return Math.max(1, plan.gpus);
}

/** `-m pns_jobs.<module> --config <file> --run_dir <dir> [--resume true] [--profile NAME] [server args]`. */
export function jobArguments(plan: LaunchPlan): string[] {
  return [
    "-m",
    `pns_jobs.${plan.job.module}`,
    "--config",
    plan.configPath,
    "--run_dir",
    plan.runDir,
    ...(plan.resume ? ["--resume", "true"] : []),
    ...(plan.profile ? ["--profile", plan.profile] : []),
    ...(plan.jobExtraArgs ?? []),
  ];
}

export function localCommand(plan: LaunchPlan): string[] {
  return [plan.python, ...jobArguments(plan)];
}

/** Multi-machine settings for `accelerate launch`; values may be shell expressions (Slurm). */
export interface MachineSettings {
  machineRank: string;
  mainProcessIp: string;
  mainProcessPort: string;
  /** torch's c10d rendezvous options (`is_host=true` on the first node only). */
  rdzvConf?: string;
}

/**
 * `python -m accelerate.commands.launch ...` through the job's own interpreter, so accelerate comes
 * from the same environment as TRL. `--multi_gpu` is added for several processes unless a config
 * file (which names its own distributed type, e.g. DeepSpeed) is given.
 */
export function accelerateCommand(plan: LaunchPlan, machines?: MachineSettings): string[] {
  const processes = processesPerNode(plan) * plan.nodes;
  const args = [plan.python, "-m", "accelerate.commands.launch"];
  if (plan.accelerateConfig) args.push("--config_file", plan.accelerateConfig);
  args.push("--num_processes", String(processes), "--num_machines", String(plan.nodes));
  if (processes > 1 && !plan.accelerateConfig) args.push("--multi_gpu");
  if (machines) {
    args.push(
      "--machine_rank",
      machines.machineRank,
      "--main_process_ip",
      machines.mainProcessIp,
      "--main_process_port",
      machines.mainProcessPort,
      "--rdzv_backend",
      "c10d",
      ...(machines.rdzvConf === undefined ? [] : ["--rdzv_conf", machines.rdzvConf]),
    );
  }
  args.push(...plan.accelerateArgs, ...jobArguments(plan));
  return args;
}
