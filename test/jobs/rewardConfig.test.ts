import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { executeRun } from "../../server/src/jobs/executeRun";
import { captureIo, GRPO_FIELDS, job, probeJson, request, STANDIN_PYTHON, tempDir } from "./helpers";

const REPO = path.resolve(__dirname, "../..");
const CLI = path.join(REPO, "bin", "pns.js");
const RL =
  "model_name_or_path: ./model\ndataset: data.pns\nper_device_train_batch_size: 4\nnum_generations: 4\n";
const JUDGE_CONFIG = JSON.stringify({
  weights: { format: 0.2, rewardModel: 0, judge: 0.8, localCot: 0 },
  judge: { baseUrl: "http://127.0.0.1:9/v1", model: "judge-m", apiKeyEnv: "PNS_TEST_JUDGE_KEY" },
});

/** A project: jobs/rl.yaml, data and model beside it, and `files` (relative path → text). */
function project(files: Record<string, string>, yaml = RL) {
  const dir = tempDir();
  mkdirSync(path.join(dir, "jobs"));
  writeFileSync(path.join(dir, "data.pns"), "@pns 1\n");
  mkdirSync(path.join(dir, "model"));
  writeFileSync(path.join(dir, "jobs", "rl.yaml"), yaml);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const ctx = (io: ReturnType<typeof captureIo>["io"], extra: object = {}) => ({
  io,
  jobsDir: path.join(REPO, "jobs"),
  pnsCommand: [process.execPath, CLI],
  ...extra,
});

const dryRun = (dir: string) => {
  const c = captureIo(dir, { STANDIN_PROBE_JSON: probeJson(dir, GRPO_FIELDS) });
  return {
    c,
    run: executeRun(
      request({ job: job("reverse-rl"), configPath: "jobs/rl.yaml", python: STANDIN_PYTHON, dryRun: true }),
      ctx(c.io),
    ),
  };
};

describe("pns run: the reward config belongs to the run", () => {
  it("takes reward_config from the job config (relative to the working directory) and passes it with --config", async () => {
    const dir = project(
      { "configs/rm.json": JUDGE_CONFIG, "jobs/pns.config.json": "{}" },
      `${RL}reward_config: configs/rm.json\n`,
    );
    const { c, run } = dryRun(dir);
    expect(await run).toBe(0);
    const file = path.join(dir, "configs", "rm.json");
    expect(c.out()).toContain(`reward cfg  ${file} (reward_config in the job config)`);
    expect(c.out()).toContain(`serve-reward --port 0 --config ${file}`);
    expect(c.out()).not.toContain("warning");
    expect(c.err()).toBe(""); // reward_config is a known key, not flagged by validation
  });

  it("else the nearest pns.config.json above the job config, not above the working directory", async () => {
    const dir = tempDir();
    const yaml = `model_name_or_path: ${path.join(dir, "model")}\ndataset: ${path.join(dir, "data.pns")}\nper_device_train_batch_size: 4\nnum_generations: 4\n`;
    const other = project({ "jobs/pns.config.json": "{}", "elsewhere/pns.config.json": JUDGE_CONFIG }, yaml);
    const c = captureIo(path.join(other, "elsewhere"), { STANDIN_PROBE_JSON: probeJson(other, GRPO_FIELDS) });
    mkdirSync(path.join(dir, "model"));
    writeFileSync(path.join(dir, "data.pns"), "@pns 1\n");
    const code = await executeRun(
      request({
        job: job("reverse-rl"),
        configPath: "../jobs/rl.yaml",
        python: STANDIN_PYTHON,
        dryRun: true,
      }),
      ctx(c.io),
    );
    expect(code, c.err()).toBe(0);
    expect(c.out()).toContain(
      `reward cfg  ${path.join(other, "jobs", "pns.config.json")} (the nearest pns.config.json above the job config)`,
    );
  });

  it("says when none is found, passes --no-config, and warns that reverse RL trains on local checks only", async () => {
    const dir = project({});
    const { c, run } = dryRun(dir);
    expect(await run).toBe(0);
    expect(c.out()).toContain("reward cfg  none (defaults: local components only)");
    expect(c.out()).toContain("serve-reward --port 0 --no-config");
    expect(c.out()).toContain(
      "no reward model or judge is configured: reverse RL trains on format and the local checks only",
    );
  });

  it("refuses a reward_config that does not exist, or one with errors, before anything starts", async () => {
    const missing = project({}, `${RL}reward_config: nope.json\n`);
    const a = dryRun(missing);
    expect(await a.run).toBe(2);
    expect(a.c.err()).toMatch(/rl\.yaml:5:\d+: error: reward_config nope\.json does not exist/);

    const broken = project({ "bad.json": '{"weights": {"format": "x"}}' }, `${RL}reward_config: bad.json\n`);
    const b = dryRun(broken);
    expect(await b.run).toBe(2);
    expect(b.c.err()).toContain("weights.format: expected a number");
    expect(b.c.err()).toContain("has errors; nothing was started");
  });

  it("writes reward-config.json (weights, endpoints, rubric, grader; no secrets) and the real server loads that config", async () => {
    const dir = project({ "configs/rm.json": JUDGE_CONFIG }, `${RL}reward_config: configs/rm.json\n`);
    const c = captureIo(dir, {
      STANDIN_MODE: "succeed",
      STANDIN_HEALTH: "1",
      PNS_TEST_JUDGE_KEY: "sk-secret-value",
    });
    const code = await executeRun(
      request({ job: job("reverse-rl"), configPath: "jobs/rl.yaml", python: STANDIN_PYTHON, probe: false }),
      ctx(c.io, {
        rewardServerCommand: [process.execPath, CLI, "serve-reward", "--port", "0", "--no-cache"],
      }),
    );
    expect(code, c.out() + c.err()).toBe(0);
    expect(c.out()).toContain(
      `[pns] reward config ${path.join(dir, "configs", "rm.json")} (reward_config in the job config)`,
    );
    // The judge configured only in configs/rm.json is what the server runs with.
    expect(c.out()).toMatch(/health: .*"remote":\["judge"\]/);
    const runDir = /^PNS_RUN_DIR=(.*)$/m.exec(c.out())![1];
    const text = readFileSync(path.join(runDir, "reward-config.json"), "utf8");
    expect(text).not.toContain("sk-secret-value");
    const record = JSON.parse(text) as Record<string, unknown>;
    expect(record).toMatchObject({
      file: path.join(dir, "configs", "rm.json"),
      weights: { format: 0.2, rewardModel: 0, judge: 0.8, localCot: 0 },
      penalties: { malformed: -1, correct: 0 },
      implausibleThreshold: 0.5,
      rewardModel: null,
      judge: { baseUrl: "http://127.0.0.1:9/v1", model: "judge-m", apiKeyEnv: "PNS_TEST_JUDGE_KEY" },
      passed_to_server: true,
    });
    expect((record.judge as { rubric: string }).rubric).toMatch(/^judge-v1#[0-9a-f]{16}$/);
    expect((record.grader as { pns: string }).pns).toBe("0.1.0");
  });

  it("writes no record for jobs without a reward server", async () => {
    const dir = project({ "jobs/pns.config.json": "{}" });
    const c = captureIo(dir, { STANDIN_MODE: "succeed" });
    expect(
      await executeRun(
        request({ job: job("dpo"), configPath: "jobs/rl.yaml", python: STANDIN_PYTHON, probe: false }),
        ctx(c.io),
      ),
    ).toBe(0);
    const runDir = /^PNS_RUN_DIR=(.*)$/m.exec(c.out())![1];
    expect(existsSync(path.join(runDir, "reward-config.json"))).toBe(false);
  });
});
