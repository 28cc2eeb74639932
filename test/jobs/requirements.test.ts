import { describe, expect, it } from "vitest";
import { machineNeeds, trainingBytesPerGpu } from "../../server/src/jobs/requirements";
import { job } from "./helpers";

const GIB = 1024 ** 3;
const versions = { torch: "2.13.0", trl: "1.13.0", vllm: null, deepspeed: null, flash_attn: null };
const gpus = (count: number, memory: number) => ({
  available: true,
  devices: count,
  memory_gib: Array<number>(count).fill(memory),
});

describe("what a config needs from the machine", () => {
  it("does the memory arithmetic of mixed-precision Adam under DDP, ZeRO-2, ZeRO-3 and LoRA", () => {
    const p = 7.62e9;
    const full = { lora: false, reference: false, trains: true };
    expect(trainingBytesPerGpu(p, 8, 0, full).bytes).toBe(16 * p); // 2 + 2 + 12 on every GPU
    expect(trainingBytesPerGpu(p, 8, 2, full).bytes).toBeCloseTo((2 + 14 / 8) * p);
    expect(trainingBytesPerGpu(p, 8, 3, full).bytes).toBeCloseTo((16 / 8) * p);
    expect(trainingBytesPerGpu(p, 8, 3, { ...full, reference: true }).bytes).toBeCloseTo((18 / 8) * p); // DPO's frozen reference, sharded
    expect(trainingBytesPerGpu(p, 8, 0, { ...full, lora: true }).bytes).toBe(2 * p);
    expect(trainingBytesPerGpu(p, 4, 3, full).formula).toBe(
      "(2/4 weights + 2/4 grads + 12/4 Adam) = 4.00 B/param",
    );
  });

  it("refuses a 7B full fine-tune under plain DDP on 80 GB GPUs and passes it under ZeRO-3", () => {
    const values = { model_name_or_path: "Qwen/Qwen2.5-7B-Instruct", bf16: true };
    const probe = { versions: { ...versions, deepspeed: "0.19.8" }, cuda: gpus(8, 79.2) };
    const ddp = machineNeeds({ job: job("dpo"), values, launcher: "accelerate", gpus: 8, nodes: 1, probe });
    const memory = ddp.find((n) => n.what.includes("per GPU"));
    expect(memory).toMatchObject({ met: false });
    expect(memory?.what).toBe(
      `≈ ${((18 * 7.62e9) / GIB).toFixed(1)} GiB per GPU for the model and its training state`,
    );
    expect(memory?.detail).toMatch(/^only 79\.2 GiB usable per GPU: use ZeRO-3\/FSDP/);
    const zero3 = machineNeeds({
      job: job("dpo"),
      values,
      launcher: "accelerate",
      gpus: 8,
      nodes: 1,
      accelerate: { distributed_type: "DEEPSPEED", deepspeed_config: { zero_stage: 3 } },
      probe,
    });
    expect(zero3.every((n) => n.met !== false)).toBe(true);
    expect(zero3.map((n) => n.what)).toContain("DeepSpeed (DeepSpeed ZeRO-3)");
  });

  it("counts GPUs, vLLM's share in colocate mode, and missing packages with their fix", () => {
    const values = {
      model_name_or_path: "Qwen/Qwen2.5-7B-Instruct",
      use_vllm: true,
      vllm_mode: "colocate",
      vllm_gpu_memory_utilization: 0.5,
      use_peft: true,
    };
    const needs = machineNeeds({
      job: job("reverse-rl"),
      values,
      launcher: "accelerate",
      gpus: 8,
      nodes: 1,
      probe: { versions, cuda: gpus(4, 24) },
    });
    expect(needs.find((n) => n.what.startsWith("vLLM"))).toMatchObject({
      met: false,
      detail: expect.stringContaining("setup-venv.sh --gpu"),
    });
    expect(needs.find((n) => n.what === "8 CUDA GPU(s)")).toMatchObject({
      met: false,
      detail: "4 here: lower --gpus to 4 or run on a bigger node",
    });
    // LoRA: 2 B/param = 14.2 GiB, but only half of each 24 GB card is left beside vLLM.
    expect(needs.find((n) => n.what.includes("per GPU"))).toMatchObject({
      met: false,
      detail: expect.stringContaining("only 12.0 GiB usable per GPU"),
    });
  });

  it("asks nothing of a CPU config, and leaves Slurm's GPUs to Slurm", () => {
    expect(
      machineNeeds({
        job: job("dpo"),
        values: { use_cpu: true, model_name_or_path: "./m" },
        launcher: "accelerate",
        gpus: 2,
        nodes: 1,
        probe: { versions, cuda: null },
      }),
    ).toEqual([]);
    const slurm = machineNeeds({
      job: job("dpo"),
      values: { model_name_or_path: "x/y" },
      launcher: "slurm",
      gpus: 8,
      nodes: 2,
      probe: { versions, cuda: { available: false, devices: 0 } },
    });
    expect(slurm).toEqual([
      {
        what: "8 CUDA GPU(s) on each of 2 Slurm node(s)",
        met: undefined,
        detail: "checked by Slurm (--gres=gpu), not on this machine",
      },
    ]);
  });
});
