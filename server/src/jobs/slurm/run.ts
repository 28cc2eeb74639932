import { promises as fs } from "node:fs";
import type { RunContext, RunRequest } from "../executeRun";
import type { LaunchPlan } from "../launchCommand";
import { readStatus, type RunState, writeStatus } from "../runDirectory";
import { type FinalState, FileTail, follow, SlurmError, spawnRunner, submit } from "./backend";
import { nodeScriptPath, renderSlurm, sbatchPath, type SlurmRender, slurmOutputPath } from "./render";
import { ScriptValueError } from "./scriptValues";
import type { ServersPlan } from "../servers/plan";
import { serversFailure } from "../servers/record";

export interface SlurmRunParts {
  request: RunRequest;
  context: RunContext;
  plan: LaunchPlan;
  /** Records the end (unless the run directory already holds one) and prints the final line once. */
  finish: (state: RunState, reason?: string) => Promise<number>;
  say: (line: string) => void;
  /** `--config <file>` or `--no-config` for each node's reward server (the run's reward config). */
  rewardServerArgs?: string[];
  /** The model servers each node starts (servers/plan.ts). */
  servers?: ServersPlan;
}

/** Why a job ended this way, and what to do next. */
const HINTS: Record<string, string> = {
  TIMEOUT: "it hit its time limit: continue with --resume",
  PREEMPTED: "it was preempted: continue with --resume",
  NODE_FAIL: "a node failed: continue with --resume",
  BOOT_FAIL: "a node failed to boot: continue with --resume",
  DEADLINE: "it reached its deadline: continue with --resume",
  OUT_OF_MEMORY:
    "out of memory: lower per_device_train_batch_size or the max lengths, or use a ZeRO-3/FSDP accelerate config",
  UNKNOWN: "neither sacct nor scontrol knows how it ended: look at the slurm-<id>.out file",
};

export function describeEnd(id: string, final: FinalState): string {
  const hint = HINTS[final.state];
  return `slurm job ${id} ended ${final.state}${final.exitCode ? ` (exit ${final.exitCode})` : ""}${hint ? `: ${hint}` : ""}`;
}

/**
 * Submits the rendered scripts, follows the job, and records how it ended. Slurm's verdict wins
 * over what the job wrote: a time limit or a preemption reaches the job as SIGTERM, which the job
 * itself records as "cancelled", while Slurm knows it was TIMEOUT or PREEMPTED.
 */
/** The sbatch script of a run, as `pns run` shows it (dry run) and submits it: one rendering for
 * both. Throws ScriptValueError for a value a script cannot carry. */
export function renderRunScript({
  request,
  context,
  plan,
  rewardServerArgs,
  servers,
}: Pick<SlurmRunParts, "request" | "context" | "plan" | "rewardServerArgs" | "servers">): SlurmRender {
  return renderSlurm({
    plan,
    settings: request.slurm,
    cwd: context.io.cwd,
    jobsDir: context.jobsDir ?? "",
    pnsCommand: context.pnsCommand,
    rewardServerArgs,
    servers,
  });
}

export async function runSlurm({
  request,
  context,
  plan,
  finish,
  say,
  rewardServerArgs,
  servers,
}: SlurmRunParts): Promise<number> {
  const { io } = context;
  let rendered;
  try {
    rendered = renderRunScript({ request, context, plan, rewardServerArgs, servers });
  } catch (error) {
    if (error instanceof ScriptValueError) return finish("failed", error.message);
    throw error;
  }
  await fs.writeFile(sbatchPath(plan.runDir), rendered.sbatch, { mode: 0o755 });
  await fs.writeFile(nodeScriptPath(plan.runDir), rendered.node, { mode: 0o755 });
  const run = context.slurmRunner ?? spawnRunner(io.env);
  let id: string;
  try {
    id = await submit(run, sbatchPath(plan.runDir));
  } catch (error) {
    if (!(error instanceof SlurmError)) throw error;
    const noGpus = plan.gpus > 0 && /Invalid generic resource/i.test(error.message);
    return finish(
      "failed",
      `${error.message}${noGpus ? ": this partition has no GPUs to give; on CPU-only nodes pass --gpus 0" : ""}`,
    );
  }
  const job = request.job.name;
  await writeStatus(plan.runDir, job, "running", { slurm_job_id: id, slurm_state: "SUBMITTED" });
  const resources = plan.gpus > 0 ? `${plan.gpus} GPU(s) each` : "CPU only";
  say(`[pns] submitted slurm job ${id} (${plan.nodes} node(s), ${resources})`);
  const final = await follow(run, id, {
    pollMs: context.pollMs ?? 2_000,
    accountingPolls: 15,
    signal: context.signal,
    tail: new FileTail(slurmOutputPath(plan.runDir, id), (t) => io.stdout.write(t)),
    onState: (state) => say(`[pns] slurm job ${id}: ${state}`),
  });
  const recorded = (await readStatus(plan.runDir))?.state ?? "running";
  const slurmFields = { slurm_state: final.state, slurm_exit_code: final.exitCode };
  if (final.state === "COMPLETED") {
    await writeStatus(plan.runDir, job, recorded, slurmFields);
    return finish("succeeded");
  }
  if (final.state === "CANCELLED") {
    const reason = context.signal?.aborted
      ? `cancelled by the user (Ctrl-C): scancel ${id}`
      : `slurm job ${id} was cancelled (scancel or an administrator)`;
    await writeStatus(plan.runDir, job, "cancelled", { ...slurmFields, reason });
    return finish("cancelled", reason);
  }
  if (final.state === "FAILED" && recorded === "failed") {
    // The job recorded its own failure, with its cause: keep it, add Slurm's state.
    await writeStatus(plan.runDir, job, "failed", slurmFields);
    return finish("failed");
  }
  // A node whose model servers never became healthy: their cause and fix beat Slurm's "FAILED".
  const serversReason = servers && final.state === "FAILED" ? await serversFailure(plan.runDir) : undefined;
  const reason = serversReason ? `${serversReason} (${describeEnd(id, final)})` : describeEnd(id, final);
  await writeStatus(plan.runDir, job, "failed", { ...slurmFields, reason });
  return finish("failed", reason);
}
