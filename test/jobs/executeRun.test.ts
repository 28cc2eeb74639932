import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../server/src/jobs/executeRun";
import { captureIo, GRPO_FIELDS, job, probeJson, request, STANDIN_PYTHON, tempDir } from "./helpers";

const REPO = path.resolve(__dirname, "../..");
const NOW = () => new Date("2026-11-26T05:44:12Z");

/** A project folder with a config, a dataset and a model folder, as a user would have. */
function project(config: string) {
  const dir = tempDir();
  writeFileSync(path.join(dir, "data.pns"), "@pns 1\n");
  mkdirSync(path.join(dir, "model"));
  writeFileSync(path.join(dir, "rl.yaml"), config);
  return dir;
}

const RL =
  "model_name_or_path: ./model\ndataset: data.pns\nper_device_train_batch_size: 4\nnum_generations: 4\n";

const context = (io: ReturnType<typeof captureIo>["io"], extra: object = {}) => ({
  io,
  jobsDir: path.join(REPO, "jobs"),
  pnsCommand: ["/usr/bin/node", "/opt/pns/bin/pns.js"],
  now: NOW,
  ...extra,
});

describe("pns run --dry-run", () => {
  it("validates, probes once and prints the exact local command", async () => {
    const dir = project(RL);
    const c = captureIo(dir, { STANDIN_PROBE_JSON: probeJson(dir, GRPO_FIELDS) });
    const code = await executeRun(
      request({ job: job("reverse-rl"), configPath: "rl.yaml", python: STANDIN_PYTHON, dryRun: true }),
      context(c.io),
    );
    expect(c.err()).toBe("");
    expect(code).toBe(0);
    const runDir = path.join(dir, "runs", "20261126T054412Z-reverse-rl");
    expect(c.out()).toContain(`run dir     ${runDir} (not created)`);
    expect(c.out()).toContain("reward      /usr/bin/node /opt/pns/bin/pns.js serve-reward --port 0");
    expect(c.out()).toContain(
      `command     ${STANDIN_PYTHON} -m pns_jobs.reverse_rl --config ${path.join(dir, "rl.yaml")} --run_dir ${runDir}`,
    );
    expect(c.out()).toContain("torch 2.13.0, transformers 5.17.0, trl 1.13.0");
    expect(existsSync(path.join(dir, "runs"))).toBe(false); // a dry run creates nothing
  });

  it("prints accelerate with the process count and a DeepSpeed config passed through", async () => {
    const dir = project(RL);
    writeFileSync(path.join(dir, "zero2.yaml"), "distributed_type: DEEPSPEED\n");
    const c = captureIo(dir, { STANDIN_PROBE_JSON: probeJson(dir, GRPO_FIELDS) });
    const req = request({
      job: job("reverse-rl"),
      configPath: "rl.yaml",
      python: STANDIN_PYTHON,
      dryRun: true,
      launcher: "accelerate",
      gpus: 4,
      accelerateConfig: "zero2.yaml",
      accelerateArgs: ["--mixed_precision", "bf16"],
    });
    expect(await executeRun(req, context(c.io))).toBe(0);
    expect(c.out()).toContain(
      `${STANDIN_PYTHON} -m accelerate.commands.launch --config_file ${path.join(dir, "zero2.yaml")} --num_processes 4 --num_machines 1 --mixed_precision bf16 -m pns_jobs.reverse_rl`,
    );
    const plain = captureIo(dir, { STANDIN_PROBE_JSON: probeJson(dir, GRPO_FIELDS) });
    await executeRun({ ...req, accelerateConfig: undefined, accelerateArgs: [] }, context(plain.io));
    expect(plain.out()).toContain("--num_processes 4 --num_machines 1 --multi_gpu -m pns_jobs.reverse_rl");
  });

  it("prints the sbatch and node scripts for slurm", async () => {
    const dir = project(RL);
    const c = captureIo(dir, { STANDIN_PROBE_JSON: probeJson(dir, GRPO_FIELDS) });
    const req = request({
      job: job("reverse-rl"),
      configPath: "rl.yaml",
      python: STANDIN_PYTHON,
      dryRun: true,
      launcher: "slurm",
      gpus: 8,
      nodes: 2,
    });
    expect(await executeRun(req, context(c.io))).toBe(0);
    expect(c.out()).toMatch(/submit {6}cd \S+ && sbatch --parsable sbatch.sh/);
    expect(c.out()).toContain("#SBATCH --nodes=2");
    expect(c.out()).toContain("--num_processes 16");
  });
});

describe("pns run refuses to start", () => {
  it("on config errors, at file:line:col, with the probe's keys", async () => {
    const dir = project(`${RL}learning_rat: 0.1\nper_device_eval_batch_size: 3\n`);
    const c = captureIo(dir, { STANDIN_PROBE_JSON: probeJson(dir, GRPO_FIELDS) });
    const code = await executeRun(
      request({ job: job("reverse-rl"), configPath: "rl.yaml", python: STANDIN_PYTHON }),
      context(c.io),
    );
    expect(code).toBe(2);
    expect(c.err()).toContain(
      "rl.yaml:5:1: error: unknown key 'learning_rat' for reverse-rl (did you mean 'learning_rate'?)",
    );
    expect(c.err()).toContain("rl.yaml:6:1: error: unknown key 'per_device_eval_batch_size'");
    expect(c.err()).toContain("rl.yaml has errors; nothing was started");
    expect(existsSync(path.join(dir, "runs"))).toBe(false);
  });

  it("on impossible sizes for the chosen number of processes", async () => {
    const dir = project(RL.replace("per_device_train_batch_size: 4", "per_device_train_batch_size: 2"));
    const c = captureIo(dir, { STANDIN_PROBE_JSON: probeJson(dir, GRPO_FIELDS) });
    const base = request({
      job: job("reverse-rl"),
      configPath: "rl.yaml",
      python: STANDIN_PYTHON,
      dryRun: true,
    });
    expect(await executeRun(base, context(c.io))).toBe(2);
    expect(c.err()).toContain(
      "rl.yaml:4:18: error: per_device_train_batch_size 2 × 1 process × steps_per_generation 1 = 2 is not divisible by num_generations 4",
    );
    const two = captureIo(dir, { STANDIN_PROBE_JSON: probeJson(dir, GRPO_FIELDS) });
    expect(await executeRun({ ...base, launcher: "accelerate", gpus: 2 }, context(two.io))).toBe(0);
  });

  it("when packages are missing, naming them and the fix", async () => {
    const dir = project(RL);
    const c = captureIo(dir, { STANDIN_PROBE_JSON: probeJson(dir, GRPO_FIELDS, ["trl", "accelerate"]) });
    expect(
      await executeRun(
        request({ job: job("reverse-rl"), configPath: "rl.yaml", python: STANDIN_PYTHON }),
        context(c.io),
      ),
    ).toBe(2);
    expect(c.err()).toContain(
      "trl, accelerate are missing from /venv/bin/python (Python 3.11.7, from --python)",
    );
    expect(c.err()).toContain("bash jobs/setup-venv.sh");
  });

  it("when the interpreter cannot run or lacks our package", async () => {
    const dir = project(RL);
    const c = captureIo(dir);
    expect(
      await executeRun(
        request({ job: job("dpo"), configPath: "rl.yaml", python: path.join(dir, "no-python") }),
        context(c.io),
      ),
    ).toBe(2);
    expect(c.err()).toMatch(/cannot run Python '.*no-python' \(from --python\): .*ENOENT.*setup-venv\.sh/);
    const broken = captureIo(dir, { STANDIN_PROBE_FAIL: "1" });
    expect(
      await executeRun(
        request({ job: job("dpo"), configPath: "rl.yaml", python: STANDIN_PYTHON }),
        context(broken.io),
      ),
    ).toBe(2);
    expect(broken.err()).toContain("The pns_jobs package is not importable: run `bash jobs/setup-venv.sh`");
  });

  it("when the config file is missing", async () => {
    const dir = project(RL);
    const c = captureIo(dir);
    expect(
      await executeRun(
        request({ job: job("dpo"), configPath: "nope.yaml", python: STANDIN_PYTHON }),
        context(c.io),
      ),
    ).toBe(2);
    expect(c.err()).toContain("cannot read config nope.yaml: ENOENT");
  });
});
