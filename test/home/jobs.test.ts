/**
 * The Jobs view's pipeline phases: which run of a pipeline config is the latest (its command.json
 * names the config, relative to its cwd or absolute), and each phase's state from that run's
 * phases.json, with the phases not reached yet from the planned order. Fixture run folders.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLANNED_PHASES, phaseRows, pipelineStatus } from "../../client/src/home/jobs/pipelinePhases";
import { detectJob } from "../../client/src/tasks/jobConfig";

let root: string;
let runs: string;
let config: string;

function run(name: string, files: Record<string, unknown>): string {
  const dir = path.join(runs, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, value] of Object.entries(files))
    writeFileSync(path.join(dir, file), typeof value === "string" ? value : JSON.stringify(value));
  return dir;
}

const launched = (cfg: string, cwd = root) => ({
  argv: ["-m", "pns_jobs.pipeline", "--config", cfg],
  cwd,
  job: "pipeline",
});

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "pns-jobs-"));
  runs = path.join(root, "runs");
  config = path.join(root, "examples", "mini", "pipeline.yaml");
  // The newest pipeline run is of ANOTHER config: it must not count.
  run("20261207T200000Z-pipeline", {
    "status.json": { job: "pipeline", state: "running" },
    "command.json": launched("examples/paper/pipeline.yaml"),
    "phases.json": [{ name: "data", state: "running" }],
  });
  // The latest run of this config: killed during reverse RL (status still says failed).
  run("20261207T190000Z-pipeline", {
    "status.json": { job: "pipeline", state: "failed", reason: "killed" },
    "command.json": launched("examples/mini/pipeline.yaml"),
    "phases.json": [
      { name: "data", state: "succeeded", run_dir: null, seconds: 0.2 },
      { name: "base_eval", state: "succeeded", run_dir: "/r/phases/1-eval", seconds: 43.6 },
      { name: "reverse_rl", state: "running", run_dir: "/r/phases/2-reverse-rl" },
    ],
  });
  // An older run of this config (absolute path) that finished: not the latest.
  run("20261206T100000Z-pipeline", {
    "status.json": { job: "pipeline", state: "succeeded" },
    "command.json": launched(config, "/elsewhere"),
    "phases.json": [{ name: "data", state: "succeeded" }],
  });
  run("20261207T210000Z-dpo", { "status.json": { job: "dpo", state: "succeeded" } });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("pipeline phases in the Jobs view", () => {
  it("list the mini pipeline's config under `pipeline` (by its phase_configs key, whatever its name)", () => {
    const file = path.resolve(__dirname, "../../examples/mini/pipeline.yaml");
    const text = readFileSync(file, "utf8");
    expect(detectJob(file, text)).toBe("pipeline");
    expect(detectJob("/w/my-method.yaml", text)).toBe("pipeline");
  });

  it("come from the latest run of that config, a cut-off phase as interrupted, the rest not reached", async () => {
    const status = await pipelineStatus(config, [runs, path.join(root, "nowhere")]);
    expect(status.run).toEqual({ dir: path.join(runs, "20261207T190000Z-pipeline"), state: "failed" });
    const rows = status.phases.map((p) => `${p.name}:${p.state}`);
    expect(rows.slice(0, 3)).toEqual(["data:succeeded", "base_eval:succeeded", "reverse_rl:interrupted"]);
    expect(rows.slice(3)).toEqual(
      ["synthesize", "figure1", "dpo_pairs", "dpo", "eval", "report"].map((n) => `${n}:not reached`),
    );
    expect(status.phases[1]).toMatchObject({ seconds: 43.6, dir: "/r/phases/1-eval" });
  });

  it("follow an absolute --config, whatever the run's working directory", async () => {
    rmSync(path.join(runs, "20261207T190000Z-pipeline"), { recursive: true });
    const status = await pipelineStatus(config, [runs]);
    expect(status.run).toEqual({ dir: path.join(runs, "20261206T100000Z-pipeline"), state: "succeeded" });
    // A finished run: the phases it skipped are not invented.
    expect(status.phases.map((p) => `${p.name}:${p.state}`)).toEqual(["data:succeeded"]);
  });

  it("are the planned ones, not run, for a config never run", async () => {
    const status = await pipelineStatus(path.join(root, "other.yaml"), [runs]);
    expect(status.run).toBeUndefined();
    expect(status.phases.map((p) => p.name)).toEqual([...PLANNED_PHASES]);
    expect(new Set(status.phases.map((p) => p.state))).toEqual(new Set(["not run"]));
  });

  it("keep a running phase running while its pipeline runs; per-seed DPO phases stand for `dpo`", () => {
    const rows = phaseRows(
      [
        { name: "dpo_pairs", state: "succeeded" },
        { name: "dpo-pns-s0", state: "succeeded" },
        { name: "dpo-pns-s1", state: "running" },
      ],
      "running",
    );
    expect(rows.map((p) => `${p.name}:${p.state}`)).toEqual([
      "dpo_pairs:succeeded",
      "dpo-pns-s0:succeeded",
      "dpo-pns-s1:running",
      "eval:pending",
      "report:pending",
    ]);
  });
});
