import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../server/src/jobs/executeRun";
import { captureIo, job, request, STANDIN_BIN, STANDIN_PYTHON, tempDir } from "./helpers";

const REPO = path.resolve(__dirname, "../..");

/**
 * The Slurm backend against stand-in sbatch/squeue/sacct/scancel scripts put first on PATH (see
 * fixtures/bin). Each scenario is a folder: `states` (what squeue answers, one line per call),
 * `final` (sacct's line), `hold` (a state squeue repeats until scancel), `sbatch-fails`.
 */
function scenario(files: Record<string, string>) {
  const stub = tempDir("pns-slurm-");
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(stub, name), text);
  const dir = tempDir();
  writeFileSync(path.join(dir, "data.pns"), "@pns 1\n");
  mkdirSync(path.join(dir, "model"));
  writeFileSync(
    path.join(dir, "rl.yaml"),
    "model_name_or_path: ./model\ndataset: data.pns\nper_device_train_batch_size: 4\nnum_generations: 4\n",
  );
  const c = captureIo(dir, { PATH: `${STANDIN_BIN}:${process.env.PATH}`, SLURM_STUB_DIR: stub });
  const runDir = () => /^PNS_RUN_DIR=(.*)$/m.exec(c.out())?.[1] ?? "";
  const status = () =>
    JSON.parse(readFileSync(path.join(runDir(), "status.json"), "utf8")) as Record<string, string>;
  const calls = () => readFileSync(path.join(stub, "calls"), "utf8").trim().split("\n");
  return { stub, dir, c, runDir, status, calls };
}

const slurm = (extra: object = {}) =>
  request({
    job: job("reverse-rl"),
    configPath: "rl.yaml",
    python: STANDIN_PYTHON,
    probe: false,
    launcher: "slurm",
    gpus: 8,
    nodes: 2,
    ...extra,
  });
const ctx = (io: ReturnType<typeof captureIo>["io"], extra: object = {}) => ({
  io,
  jobsDir: path.join(REPO, "jobs"),
  pnsCommand: ["/usr/bin/node", "/opt/pns/bin/pns.js"],
  pollMs: 10,
  ...extra,
});

describe("pns run --launcher slurm", () => {
  it("submits the rendered script, follows the states, tails the output and succeeds", async () => {
    const t = scenario({
      states: "PENDING\nPENDING\nRUNNING\nRUNNING\nCOMPLETING\n",
      final: "COMPLETED|0:0\n",
    });
    expect(await executeRun(slurm(), ctx(t.c.io))).toBe(0);
    expect(t.calls()[0]).toBe(`sbatch --parsable ${t.runDir()}/sbatch.sh`);
    expect(t.calls()).toContain("squeue -h -j 4242 -o %T");
    expect(t.calls()).toContain("sacct -X -n -P -j 4242 -o State,ExitCode");
    expect(readFileSync(path.join(t.stub, "submitted.sh"), "utf8")).toContain("#SBATCH --nodes=2");
    const out = t.c.out();
    expect(out).toContain("[pns] submitted slurm job 4242 (2 node(s), 8 GPU(s) each)");
    // Each state once, in order, however many polls it lasted.
    expect(out.match(/\[pns\] slurm job 4242: \w+/g)).toEqual([
      "[pns] slurm job 4242: PENDING",
      "[pns] slurm job 4242: RUNNING",
      "[pns] slurm job 4242: COMPLETING",
    ]);
    expect(out).toContain("line from the job on node-a\nstep 1 done\n");
    expect(t.status()).toMatchObject({ state: "succeeded", slurm_job_id: "4242", slurm_state: "COMPLETED" });
  });

  it("marks the run failed with Slurm's state and exit code", async () => {
    const t = scenario({ states: "RUNNING\n", final: "FAILED|1:0\n" });
    expect(await executeRun(slurm(), ctx(t.c.io))).toBe(1);
    expect(t.status()).toMatchObject({ state: "failed", reason: "slurm job 4242 ended FAILED (exit 1:0)" });
  });

  it("explains a time limit and how to continue", async () => {
    const t = scenario({ states: "RUNNING\n", final: "TIMEOUT|0:0\n" });
    expect(await executeRun(slurm(), ctx(t.c.io))).toBe(1);
    expect(t.status().reason).toBe(
      "slurm job 4242 ended TIMEOUT (exit 0:0): it hit its time limit: continue with --resume",
    );
  });

  it("trusts Slurm's TIMEOUT and PREEMPTED over the job's own record of a SIGTERM, keeping its end time", async () => {
    for (const [state, hint] of [
      ["TIMEOUT", "it hit its time limit: continue with --resume"],
      ["PREEMPTED", "it was preempted: continue with --resume"],
    ]) {
      // What the job writes when Slurm's SIGTERM reaches it: "cancelled by SIGTERM".
      const jobStatus = {
        state: "cancelled",
        job: "reverse-rl",
        reason: "cancelled by SIGTERM",
        started: "2026-01-01T00:00:00Z",
        ended: "2026-01-01T00:05:00Z",
      };
      const t = scenario({
        states: "RUNNING\n",
        final: `${state}|0:15\n`,
        "job-status": JSON.stringify(jobStatus),
      });
      expect(await executeRun(slurm(), ctx(t.c.io))).toBe(1);
      expect(t.status()).toMatchObject({
        state: "failed",
        reason: `slurm job 4242 ended ${state} (exit 0:15): ${hint}`,
        slurm_state: state,
        ended: jobStatus.ended,
      });
      const finalLines = t.c
        .out()
        .split("\n")
        .filter((line) => line.startsWith("[pns] reverse-rl "));
      expect(finalLines).toEqual([
        expect.stringMatching(
          new RegExp(
            `^\\[pns\\] reverse-rl failed: slurm job 4242 ended ${state} .*continue with --resume \\(`,
          ),
        ),
      ]);
    }
  });

  it("keeps the job's own failure reason when Slurm says FAILED", async () => {
    const jobStatus = {
      state: "failed",
      job: "reverse-rl",
      reason: "ValueError: bad dataset",
      ended: "2026-01-01T00:05:00Z",
    };
    const t = scenario({
      states: "RUNNING\n",
      final: "FAILED|1:0\n",
      "job-status": JSON.stringify(jobStatus),
    });
    expect(await executeRun(slurm(), ctx(t.c.io))).toBe(1);
    expect(t.status()).toMatchObject({
      state: "failed",
      reason: "ValueError: bad dataset",
      slurm_state: "FAILED",
      slurm_exit_code: "1:0",
    });
  });

  it("without accounting, takes the end state from scontrol at once and never asks sacct twice", async () => {
    const t = scenario({
      states: "RUNNING\n",
      "sacct-disabled": "",
      "scontrol-job":
        "JobId=4242 JobName=pns-reverse-rl UserId=root(0) JobState=COMPLETED Reason=None Dependency=(null) ExitCode=0:0 RunTime=00:00:12\n",
    });
    expect(await executeRun(slurm(), ctx(t.c.io, { pollMs: 1_000 }))).toBe(0);
    // No minute of polling a disabled sacct: counted in polls, not in wall time (load-proof).
    expect(t.calls().filter((c) => c.startsWith("squeue")).length).toBeLessThanOrEqual(2);
    expect(t.calls().filter((c) => c.startsWith("sacct"))).toHaveLength(1);
    expect(t.calls()).toContain("scontrol show job 4242 -o");
    expect(t.status()).toMatchObject({
      state: "succeeded",
      slurm_state: "COMPLETED",
      slurm_exit_code: "0:0",
    });
  });

  it("asks for no GPUs on CPU-only nodes (--gpus 0): no --gres line, one process per node", async () => {
    const t = scenario({ states: "RUNNING\n", final: "COMPLETED|0:0\n" });
    expect(await executeRun(slurm({ gpus: 0 }), ctx(t.c.io))).toBe(0);
    const script = readFileSync(path.join(t.stub, "submitted.sh"), "utf8");
    expect(script).not.toContain("--gres");
    expect(readFileSync(path.join(t.runDir(), "node.sh"), "utf8")).toContain(
      "--num_processes 2 \\\n  --num_machines 2",
    );
    expect(t.c.out()).toContain("[pns] submitted slurm job 4242 (2 node(s), CPU only)");
    expect(t.status()).toMatchObject({ processes: 2 });
  });

  it("reports a refused submission and starts nothing", async () => {
    const t = scenario({
      "sbatch-fails": "sbatch: error: Batch job submission failed: Invalid partition name specified\n",
    });
    expect(
      await executeRun(slurm({ slurm: { extra: [], port: 29500, partition: "nope" } }), ctx(t.c.io)),
    ).toBe(1);
    expect(t.status()).toMatchObject({
      state: "failed",
      reason: "sbatch failed: sbatch: error: Batch job submission failed: Invalid partition name specified",
    });
    expect(t.calls()).toEqual([`sbatch --parsable ${t.runDir()}/sbatch.sh`]);
  });

  it("on Ctrl-C cancels with scancel and records the cancellation", async () => {
    const t = scenario({ states: "PENDING\nRUNNING\n", hold: "RUNNING", final: "RUNNING|0:0\n" });
    const controller = new AbortController();
    const running = executeRun(slurm(), ctx(t.c.io, { signal: controller.signal }));
    await t.c.waitFor(/slurm job 4242: RUNNING/);
    controller.abort();
    expect(await running).toBe(1);
    expect(t.calls()).toContain("scancel 4242");
    expect(t.status()).toMatchObject({
      state: "cancelled",
      slurm_state: "CANCELLED",
      reason: "cancelled by the user (Ctrl-C): scancel 4242",
    });
  });
});
