import type { Need } from "../requirements";
import type { ProbeResult } from "../python";
import { type ServerSpec, serverGpus } from "./spec";

/**
 * What the run's servers need from this machine: vLLM for the vLLM engines, and GPUs for the
 * servers on top of the training's (locally; on Slurm the node's GPUs are Slurm's to check).
 */
export function serverNeeds(
  servers: readonly ServerSpec[],
  probe: Pick<ProbeResult, "versions" | "cuda"> | undefined,
  trainingGpus: number,
  onSlurm: boolean,
): Need[] {
  const needs: Need[] = [];
  const vllmUsers = servers.filter((s) => s.engine !== "classify").map((s) => `servers.${s.role}`);
  if (vllmUsers.length > 0) {
    const version = probe?.versions.vllm;
    needs.push({
      what: `vLLM (${vllmUsers.join(", ")})`,
      met: probe ? Boolean(version) : undefined,
      detail: version
        ? `vLLM ${version}`
        : `${probe ? "missing" : "not checked (no probe)"}: install with \`bash jobs/setup-venv.sh --gpu\`, or serve a reward model with engine: classify`,
    });
  }
  const gpus = serverGpus(servers);
  if (gpus > 0) {
    const total = gpus + trainingGpus;
    const devices = probe?.cuda?.available ? probe.cuda.devices : 0;
    needs.push(
      onSlurm
        ? {
            what: `${gpus} GPU(s) for the servers on each node, on top of the training's`,
            met: undefined,
            detail: `asked from Slurm (--gres=gpu:${total})`,
          }
        : {
            what: `${total} CUDA GPU(s): ${gpus} for the servers, ${trainingGpus} for the training`,
            met: probe?.cuda ? devices >= total : undefined,
            detail: probe?.cuda
              ? `${devices} here${devices < total ? ": lower the servers' gpus or --gpus, or run on a bigger node" : ""}`
              : "unknown (no probe)",
          },
    );
  }
  return needs;
}
