/**
 * The Runs view's reading of run folders, over fixture folders written here: finished runs, a
 * running one, a half-written run (no status.json yet, a metrics line cut mid-write), a folder
 * without status.json, malformed status.json and metrics.jsonl, a pipeline with phase sub-runs,
 * a job the view has never heard of, and a root with hundreds of runs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  describeRun,
  formatDuration,
  formatMetric,
  metricsRows,
  parseRunName,
  pickMetric,
  readRunSummary,
} from "../../client/src/home/runs/runFolder";
import {
  groupRuns,
  listPhases,
  listRuns,
  page,
  parsePhases,
  phaseJob,
  presentFiles,
} from "../../client/src/home/runs/runIndex";

let root: string;

function run(name: string, files: Record<string, string>, base = root): string {
  const dir = path.join(base, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

const status = (fields: Record<string, unknown>) => JSON.stringify(fields);
const metrics = (...rows: Record<string, unknown>[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join("");
const NOW = Date.parse("2026-11-26T06:10:00Z");

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "pns-runs-"));
  run("20261126T060637Z-reverse-rl", {
    "status.json": status({
      job: "reverse-rl",
      state: "succeeded",
      started: "2026-11-26T06:06:37Z",
      ended: "2026-11-26T06:07:07Z",
    }),
    "metrics.jsonl": metrics({ step: 1, reward: 0.2, loss: 1 }, { step: 4, reward: 0.41, loss: 0.5 }),
    "log.txt": "ok\n",
    "config.yaml": "a: 1\n",
  });
  run("20261126T060900Z-dpo", {
    "status.json": status({ job: "dpo", state: "running", started: "2026-11-26T06:09:00Z" }),
    "metrics.jsonl": metrics({ step: 2, loss: 0.6, "rewards/margins": 0.25 }) + '{"step": 3, "loss"',
  });
  // Half-written: `pns run` created the folder, the job has not written status.json yet.
  run("20261126T060950Z-reward-model", { "config.yaml": "a: 1\n" });
  run("20261126T050000Z-eval", {
    "status.json": "{ not json",
    "metrics.jsonl": "garbage\n" + metrics({ step: 1, loss: 2 }),
  });
  run("20261126T040000Z-reverse-rl-1", {
    "status.json": status({
      job: "reverse-rl",
      state: "failed",
      reason: "killed by SIGKILL",
      slurm_job_id: 4242,
    }),
  });
  // A job this code does not know: grouped under its own name, metric picked generically.
  run("20261126T030000Z-sample", {
    "status.json": status({ job: "sample", state: "cancelled" }),
    "metrics.jsonl": metrics({ step: 7, elapsed: 12.4, throughput: 3.5 }),
  });
  // A pipeline whose folder name says nothing: status.json's job groups it.
  const pipeline = run("mini-paper", {
    "status.json": status({ job: "pipeline", state: "running", started: "2026-11-26T06:00:00Z" }),
    "report.md": "# report\n",
  });
  run("1-reward-model", { "status.json": status({ job: "reward-model", state: "succeeded" }) }, pipeline);
  run("2-reverse-rl", { "metrics.jsonl": metrics({ step: 1, reward: 0.1 }) }, pipeline);
  run("checkpoints", {}, pipeline);
  run("notes", { "readme.txt": "not a run" });
  // The pipeline job's real layout: phases.json lists every phase; sub-runs live under phases/.
  const real = run("20261207T185102Z-pipeline", {
    "status.json": status({ job: "pipeline", state: "running", started: "2026-12-07T18:51:02Z" }),
  });
  const phase = (name: string) => path.join(real, "phases", name);
  writeFileSync(
    path.join(real, "phases.json"),
    JSON.stringify([
      { name: "data", state: "succeeded", run_dir: null, seconds: 0.2 },
      { name: "base_eval", state: "succeeded", run_dir: phase("20261207T185110Z-eval"), seconds: 43.6 },
      { name: "reverse_rl", state: "running", run_dir: phase("20261207T190308Z-reverse-rl") },
    ]),
  );
  run(
    "20261207T185110Z-eval",
    { "status.json": status({ job: "eval", state: "succeeded" }) },
    path.join(real, "phases"),
  );
  run(
    "20261207T190308Z-reverse-rl",
    { "metrics.jsonl": metrics({ step: 1, reward: 0.2 }) },
    path.join(real, "phases"),
  );
  run("configs", {}, real);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("run folder names", () => {
  it("split into the UTC stamp and the job, clash suffix dropped", () => {
    expect(parseRunName("20261126T054412Z-reverse-rl")).toEqual({
      stamp: "20261126T054412Z",
      job: "reverse-rl",
    });
    expect(parseRunName("20261126T054412Z-reverse-rl-2")).toEqual({
      stamp: "20261126T054412Z",
      job: "reverse-rl",
    });
    expect(parseRunName("20261126T054412Z-sft")?.job).toBe("sft");
    expect(parseRunName("my-run")).toBeUndefined();
  });
});

describe("listRuns and groupRuns", () => {
  it("find every run, newest first, skipping folders that are not runs", async () => {
    const runs = await listRuns(root);
    expect(runs.map((r) => r.name)).toEqual([
      "20261207T185102Z-pipeline",
      "20261126T060950Z-reward-model",
      "20261126T060900Z-dpo",
      "20261126T060637Z-reverse-rl",
      "20261126T050000Z-eval",
      "20261126T040000Z-reverse-rl-1",
      "20261126T030000Z-sample",
      "mini-paper",
    ]);
    expect(runs.find((r) => r.name === "mini-paper")?.job).toBe("pipeline");
  });

  it("group by job, groups ordered by their newest run", async () => {
    const groups = groupRuns(await listRuns(root));
    expect(groups.map((g) => `${g.job}:${g.runs.length}`)).toEqual([
      "pipeline:2",
      "reward-model:1",
      "dpo:1",
      "reverse-rl:2",
      "eval:1",
      "sample:1",
    ]);
  });

  it("treat a missing root as empty", async () => {
    expect(await listRuns(path.join(root, "nowhere"))).toEqual([]);
  });

  it("list a pipeline's phases from sub-run folders when it has no phases.json", async () => {
    const phases = await listPhases(path.join(root, "mini-paper"));
    expect(await Promise.all(phases.map(async (p) => `${p.name}:${await phaseJob(p.dir!)}`))).toEqual([
      "1-reward-model:reward-model",
      "2-reverse-rl:reverse-rl",
    ]);
    expect(await presentFiles(path.join(root, "mini-paper"))).toEqual(["report.md", "status.json"]);
  });

  it("list a pipeline's phases from phases.json, data steps included, sub-runs under phases/", async () => {
    const dir = path.join(root, "20261207T185102Z-pipeline");
    const phases = await listPhases(dir);
    expect(phases).toEqual([
      { name: "data", state: "succeeded", seconds: 0.2 },
      {
        name: "base_eval",
        state: "succeeded",
        seconds: 43.6,
        dir: path.join(dir, "phases", "20261207T185110Z-eval"),
      },
      { name: "reverse_rl", state: "running", dir: path.join(dir, "phases", "20261207T190308Z-reverse-rl") },
    ]);
    expect(await phaseJob(phases[2].dir!)).toBe("reverse-rl");
    expect((await listRuns(root)).filter((r) => r.dir.startsWith(dir)).map((r) => r.name)).toEqual([
      "20261207T185102Z-pipeline",
    ]);
  });

  it("read phases.json as absent when it is malformed", () => {
    expect(parsePhases("[{")).toBeUndefined();
    expect(parsePhases('[{"name": 3}, {"name": "x", "run_dir": null}]')).toEqual([{ name: "x" }]);
  });

  it("page through long lists", () => {
    const items = Array.from({ length: 120 }, (_, i) => i);
    expect(page(items, 0, 50)).toMatchObject({ rest: 70 });
    expect(page(items, 100, 50)).toEqual({ items: items.slice(100), rest: 0 });
  });
});

describe("readRunSummary", () => {
  it("reads a finished run: state, duration, the job's main metric", async () => {
    const s = await readRunSummary(path.join(root, "20261126T060637Z-reverse-rl"), NOW);
    expect(s).toMatchObject({
      job: "reverse-rl",
      state: "succeeded",
      seconds: 30,
      metric: { name: "reward", value: 0.41, step: 4 },
    });
    expect(s.notes).toEqual([]);
    expect(describeRun(s)).toBe("succeeded · 30s · reward 0.41 @ 4");
  });

  it("reads a running run up to its last complete line; its duration runs to now", async () => {
    const s = await readRunSummary(path.join(root, "20261126T060900Z-dpo"), NOW);
    expect(s).toMatchObject({
      state: "running",
      seconds: 60,
      metric: { name: "rewards/margins", value: 0.25, step: 2 },
    });
    expect(s.notes).toEqual([]); // a line being written is not an error
  });

  it("shows a half-written run (no status.json yet) as unknown, with the reason", async () => {
    const s = await readRunSummary(path.join(root, "20261126T060950Z-reward-model"), NOW);
    expect(s.state).toBe("unknown");
    expect(s.job).toBe("reward-model");
    expect(s.notes.join()).toMatch(/no status\.json/);
    expect(describeRun(s)).toBe("no status");
  });

  it("reports malformed status.json and metrics.jsonl without throwing", async () => {
    const s = await readRunSummary(path.join(root, "20261126T050000Z-eval"), NOW);
    expect(s.state).toBe("unknown");
    expect(s.notes.join("\n")).toMatch(/status\.json is not valid JSON/);
    expect(s.notes.join("\n")).toMatch(/metrics\.jsonl: 1 line/);
    expect(s.metric).toEqual({ name: "loss", value: 2, step: 1 });
  });

  it("keeps the failure reason and the Slurm job id", async () => {
    const s = await readRunSummary(path.join(root, "20261126T040000Z-reverse-rl-1"), NOW);
    expect(s).toMatchObject({ state: "failed", reason: "killed by SIGKILL", slurmJobId: "4242" });
    expect(describeRun(s)).toBe("failed · slurm 4242");
  });

  it("picks a metric for a job it does not know, and takes the duration from `elapsed`", async () => {
    const s = await readRunSummary(path.join(root, "20261126T030000Z-sample"), NOW);
    expect(s).toMatchObject({
      job: "sample",
      state: "cancelled",
      seconds: 12,
      metric: { name: "throughput", value: 3.5 },
    });
  });

  it("survives a run folder deleted while shown", async () => {
    const s = await readRunSummary(path.join(root, "gone"), NOW);
    expect(s.state).toBe("unknown");
  });
});

describe("metrics tail", () => {
  it("skips a first line cut by the tail window and a last line without newline", () => {
    expect(metricsRows('p": 1}\n{"step": 5, "loss": 1}\n{"step": 6', false)).toEqual({
      rows: [{ step: 5, loss: 1 }],
      bad: 0,
    });
  });
  it("prefers the job's metric, then any number but bookkeeping", () => {
    expect(pickMetric("dpo", [{ step: 1, loss: 2, "rewards/margins": 0.5 }])?.name).toBe("rewards/margins");
    expect(pickMetric("x", [{ step: 1, epoch: 0.5, time: 3, grad_norm: 1 }])?.name).toBe("grad_norm");
    expect(pickMetric("x", [{ step: 1, epoch: 0.5 }])).toBeUndefined();
  });
  it("skips TRL's end-of-training summary row for the reward logged before it", () => {
    const rows = [
      { step: 4, train_runtime: 12.5 },
      { step: 4, reward: 0.41, loss: 0.5 },
    ];
    expect(pickMetric("reverse-rl", rows)).toEqual({ name: "reward", value: 0.41, step: 4 });
  });
  it("formats durations and values for a tree row", () => {
    expect([formatDuration(4), formatDuration(185), formatDuration(7260)]).toEqual([
      "4s",
      "3m 05s",
      "2h 01m",
    ]);
    expect([formatMetric(4), formatMetric(0.123456), formatMetric(12345.6), formatMetric(0.0001234)]).toEqual(
      ["4", "0.1235", "1.235e+4", "1.234e-4"],
    );
  });
});

describe("thousands of runs", () => {
  it("lists 600 run folders and pages them (bench/runsView.mjs measures 5,000)", async () => {
    const big = mkdtempSync(path.join(tmpdir(), "pns-many-"));
    try {
      for (let i = 0; i < 600; i++) {
        const stamp = `2026${String(1 + (i % 12)).padStart(2, "0")}${String(1 + (i % 28)).padStart(2, "0")}T${String(i % 24).padStart(2, "0")}${String(i % 60).padStart(2, "0")}00Z`;
        mkdirSync(path.join(big, `${stamp}-${i % 3 ? "reverse-rl" : "dpo"}-${i}`));
      }
      const groups = groupRuns(await listRuns(big));
      expect(groups.map((g) => g.runs.length).reduce((a, b) => a + b)).toBe(600);
      const first = page(groups[0].runs, 0, 50);
      expect(first.items).toHaveLength(50);
      expect(first.items[0].stamp! >= first.items[49].stamp!).toBe(true);
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });
});
