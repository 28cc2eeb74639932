import type { JobSpec } from "../protocol/jobs";
import { modelParameters } from "./modelSizes";
import type { ProbeResult } from "./python";

/**
 * What a config needs from the machine it runs on (CUDA GPUs, vLLM, DeepSpeed, flash-attention,
 * memory), checked against the probe before anything starts. A dry run lists every need; a real
 * run refuses while one is unmet, saying how to install what is missing. Pure: no I/O.
 */
export interface Need {
  what: string;
  /** true: this machine has it; false: it does not (a real run refuses); undefined: cannot tell here. */
  met: boolean | undefined;
  /** How to get it, or what the estimate is made of. */
  detail: string;
}

export interface NeedsInput {
  job: JobSpec;
  values: Record<string, unknown>;
  launcher: "local" | "accelerate" | "slurm";
  /** GPUs per node asked for on the command line. */
  gpus: number;
  nodes: number;
  /** The parsed accelerate config file, when one is given. */
  accelerate?: Record<string, unknown>;
  probe?: Pick<ProbeResult, "versions" | "cuda">;
}

const GIB = 1024 ** 3;

const PACKAGES: Record<string, { label: string; install: string }> = {
  vllm: {
    label: "vLLM",
    install: "`bash jobs/setup-venv.sh --gpu` (jobs/requirements-gpu.txt) or `pip install vllm`",
  },
  deepspeed: { label: "DeepSpeed", install: "`bash jobs/setup-venv.sh --gpu` or `pip install deepspeed`" },
  flash_attn: {
    label: "flash-attention",
    install: "`pip install flash-attn --no-build-isolation` (needs the CUDA toolkit)",
  },
};

/** The sharding an accelerate config asks for: 0 = plain DDP, 1-3 = ZeRO stage, 3 also for FSDP full shard. */
export function shardingOf(
  accelerate: Record<string, unknown> | undefined,
  values: Record<string, unknown>,
): { stage: number; name: string } {
  const type = text(accelerate?.distributed_type, "").toUpperCase();
  if (type === "DEEPSPEED") {
    const stage = Number(
      (accelerate?.deepspeed_config as Record<string, unknown> | undefined)?.zero_stage ?? 0,
    );
    return { stage, name: `DeepSpeed ZeRO-${stage}` };
  }
  if (type === "FSDP" || values.fsdp) return { stage: 3, name: "FSDP (full shard)" };
  if (values.deepspeed) return { stage: 2, name: "DeepSpeed (config in the job)" };
  return { stage: 0, name: "DDP (no sharding)" };
}

const truthy = (value: unknown) => value === true || value === "true";

/** A scalar config value as text; anything else (a list, a mapping, unset) is `fallback`. */
function text(value: unknown, fallback: string): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : fallback;
}

/**
 * Bytes per GPU for weights, gradients and Adam states in bf16 mixed precision, before activations:
 * weights 2 B/param, gradients 2 B, fp32 master weights + two Adam moments 12 B; ZeRO-1 shards the
 * optimizer over the N training processes, ZeRO-2 also the gradients, ZeRO-3/FSDP also the weights.
 * A frozen reference model (DPO, or GRPO with beta > 0) adds 2 B/param (sharded under ZeRO-3).
 * LoRA (use_peft) trains adapters only: the frozen weights' 2 B/param, the rest is small.
 */
export function trainingBytesPerGpu(
  params: number,
  processes: number,
  stage: number,
  options: { lora: boolean; reference: boolean; trains: boolean },
): { bytes: number; formula: string } {
  const n = Math.max(1, processes);
  if (!options.trains) return { bytes: 2 * params, formula: "2 B/param (bf16 weights, inference)" };
  if (options.lora)
    return {
      bytes: 2 * params,
      formula: "2 B/param (frozen bf16 weights; LoRA adapters and their optimizer are small)",
    };
  const weights = stage >= 3 ? 2 / n : 2;
  const grads = stage >= 2 ? 2 / n : 2;
  const optimizer = stage >= 1 ? 12 / n : 12;
  const reference = options.reference ? (stage >= 3 ? 2 / n : 2) : 0;
  const perParam = weights + grads + optimizer + reference;
  const part = (value: number, full: number) => (value === full ? `${full}` : `${full}/${n}`);
  const formula =
    `(${part(weights, 2)} weights + ${part(grads, 2)} grads + ${part(optimizer, 12)} Adam` +
    `${options.reference ? ` + ${part(reference, 2)} reference` : ""}) = ${perParam.toFixed(2)} B/param`;
  return { bytes: perParam * params, formula };
}

export function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(1)} GiB`;
}

export function machineNeeds(input: NeedsInput): Need[] {
  const { values, probe, job } = input;
  const needs: Need[] = [];
  const usesVllm = truthy(values.use_vllm);
  const sharding = shardingOf(input.accelerate, values);
  const usesDeepspeed =
    text(input.accelerate?.distributed_type, "").toUpperCase() === "DEEPSPEED" || Boolean(values.deepspeed);
  const usesFlash =
    typeof values.attn_implementation === "string" &&
    values.attn_implementation.startsWith("flash_attention");
  const onCpu = truthy(values.use_cpu);
  const remote = input.launcher === "slurm"; // the GPUs are on the cluster's nodes, not here

  const packageNeed = (name: keyof typeof PACKAGES, why: string) => {
    const version = probe?.versions[name];
    needs.push({
      what: `${PACKAGES[name].label} (${why})`,
      met: probe ? Boolean(version) : undefined,
      detail: version
        ? `${PACKAGES[name].label} ${version}`
        : `${probe ? "missing" : "not checked (no probe)"}: install with ${PACKAGES[name].install}`,
    });
  };
  if (usesVllm) packageNeed("vllm", `use_vllm, vllm_mode: ${text(values.vllm_mode, "colocate")}`);
  if (usesDeepspeed) packageNeed("deepspeed", sharding.name);
  if (usesFlash) packageNeed("flash_attn", `attn_implementation: ${String(values.attn_implementation)}`);

  const gpuNeeded =
    !onCpu &&
    (usesVllm ||
      usesDeepspeed ||
      usesFlash ||
      (input.launcher !== "local" && input.gpus > 0) ||
      truthy(values.bf16));
  const wanted = input.launcher === "local" ? 1 : input.gpus;
  const devices = probe?.cuda?.devices ?? 0;
  if (gpuNeeded && wanted > 0) {
    if (remote)
      needs.push({
        what: `${wanted} CUDA GPU(s) on each of ${input.nodes} Slurm node(s)`,
        met: undefined,
        detail: "checked by Slurm (--gres=gpu), not on this machine",
      });
    else
      needs.push({
        what: `${wanted} CUDA GPU(s)`,
        met: probe?.cuda ? probe.cuda.available && devices >= wanted : undefined,
        detail: probe?.cuda
          ? probe.cuda.available
            ? `${devices} here${devices < wanted ? `: lower --gpus to ${devices} or run on a bigger node` : ""}`
            : "no CUDA here (CPU torch or no GPU): run on a GPU machine with `bash jobs/setup-venv.sh --gpu`"
          : "unknown (no probe)",
      });
  }
  if (usesVllm && values.vllm_mode === "server") {
    const where = text(
      values.vllm_server_base_url,
      `${text(values.vllm_server_host, "0.0.0.0")}:${text(values.vllm_server_port, "8000")}`,
    );
    needs.push({
      what: `a TRL vLLM generation server at ${where}`,
      met: undefined,
      detail:
        "start it first: `trl vllm-serve --model <model> --tensor_parallel_size <k>` on GPUs not used for training",
    });
  }
  const endpoint =
    typeof values.endpoint_url === "string" && values.endpoint_url !== "" ? values.endpoint_url : undefined;
  if (endpoint)
    needs.push({
      what: `an OpenAI-compatible server at ${endpoint}`,
      met: undefined,
      detail: "e.g. `vllm serve <model>`; checked when the job starts",
    });

  const model = typeof values.model_name_or_path === "string" ? values.model_name_or_path : undefined;
  const params = model ? modelParameters(model) : undefined;
  if (params && gpuNeeded) {
    const processes = (input.launcher === "local" ? 1 : Math.max(1, input.gpus)) * input.nodes;
    const reference = job.name === "dpo" || (job.name === "reverse-rl" && Number(values.beta ?? 0) > 0);
    const estimate = trainingBytesPerGpu(params, processes, sharding.stage, {
      lora: truthy(values.use_peft),
      reference,
      trains: job.trains,
    });
    const colocate =
      usesVllm && values.vllm_mode === "colocate" ? Number(values.vllm_gpu_memory_utilization ?? 0.3) : 0;
    const memories = probe?.cuda?.memory_gib ?? [];
    const smallest = memories.length > 0 ? Math.min(...memories) * GIB : undefined;
    const available = smallest === undefined ? undefined : smallest * (1 - colocate);
    const shape = `${(params / 1e9).toFixed(2)}B params × ${estimate.formula}, ${sharding.name} over ${processes} process(es)${colocate ? `, ${colocate * 100}% of each GPU left to vLLM` : ""}; activations come on top`;
    needs.push({
      what: `≈ ${gib(estimate.bytes)} per GPU for the model and its training state`,
      met: remote || available === undefined ? undefined : estimate.bytes <= available,
      detail:
        available === undefined || remote
          ? shape
          : estimate.bytes <= available
            ? `${gib(available)} usable of the smallest GPU; ${shape}`
            : `only ${gib(available)} usable per GPU: use ZeRO-3/FSDP (--accelerate-config examples/paper/accelerate/zero3.yaml), more GPUs, or use_peft; ${shape}`,
    });
  }
  return needs;
}

/** Lines for the dry run: `  [ok] what: detail`. */
export function formatNeeds(needs: Need[]): string[] {
  return needs.map(
    (need) =>
      `  [${need.met === true ? "ok" : need.met === false ? "missing" : "check"}] ${need.what}: ${need.detail}`,
  );
}
