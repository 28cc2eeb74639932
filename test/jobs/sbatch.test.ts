import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { LaunchPlan } from "../../server/src/jobs/launchCommand";
import { renderSlurm } from "../../server/src/jobs/slurm/render";
import { job } from "./helpers";

// Golden files: `UPDATE_GOLDEN=1 npx vitest run test/jobs/sbatch.test.ts` rewrites them; review the diff.
function golden(name: string, text: string) {
  const file = path.join(__dirname, "golden", name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, "utf8"));
}

const plan = (overrides: Partial<LaunchPlan>): LaunchPlan => ({
  job: job("reverse-rl"),
  python: "/opt/venv/bin/python",
  configPath: "/work/project/rl.yaml",
  runDir: "/work/project/runs/20261126T054412Z-reverse-rl",
  resume: false,
  gpus: 8,
  nodes: 2,
  accelerateArgs: [],
  ...overrides,
});

const context = {
  cwd: "/work/project",
  jobsDir: "/opt/pns/jobs",
  pnsCommand: ["/usr/bin/node", "/opt/pns/bin/pns.js"],
};

describe("sbatch rendering", () => {
  it("reverse RL on two nodes of eight GPUs: reward server per node, c10d rendezvous", () => {
    const rendered = renderSlurm({
      ...context,
      plan: plan({}),
      settings: {
        partition: "gpu",
        time: "12:00:00",
        account: "math",
        cpusPerTask: 32,
        extra: ["--qos=high"],
        port: 29500,
      },
    });
    golden("reverse-rl-2x8.sbatch.sh", rendered.sbatch);
    golden("reverse-rl-2x8.node.sh", rendered.node);
  });

  it("DPO with a DeepSpeed config, resumed, on one node; no reward server", () => {
    const rendered = renderSlurm({
      ...context,
      plan: plan({
        job: job("dpo"),
        nodes: 1,
        gpus: 4,
        resume: true,
        runDir: "/work/project/runs/20261126T054412Z-dpo",
        accelerateConfig: "/work/project/zero3 config.yaml",
        accelerateArgs: ["--mixed_precision", "bf16"],
      }),
      settings: { extra: [], port: 29511 },
    });
    golden("dpo-1x4-zero3.sbatch.sh", rendered.sbatch);
    golden("dpo-1x4-zero3.node.sh", rendered.node);
  });

  it("keeps Slurm variables expandable and quotes everything else", () => {
    const { node, sbatch } = renderSlurm({
      ...context,
      plan: plan({ configPath: "/a b/it's.yaml" }),
      settings: { extra: [], port: 1 },
    });
    expect(node).toContain('--machine_rank "$SLURM_PROCID" \\\n');
    expect(node).toContain(`'/a b/it'\\''s.yaml'`);
    expect(sbatch).toContain('scontrol show hostnames "$SLURM_JOB_NODELIST"');
  });
});
