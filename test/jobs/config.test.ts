import { describe, expect, it } from "vitest";
import { formatIssue, parseJobConfig } from "../../server/src/protocol/jobConfigFile";
import { looksLocal, suggestKey, validateJobConfig } from "../../server/src/jobs/validate";
import { GRPO_FIELDS, job } from "./helpers";

const exists = (known: string[]) => (p: string) => known.includes(p);

function check(
  name: string,
  text: string,
  options: { processes?: number; files?: string[]; fields?: Record<string, unknown> } = {},
) {
  const config = parseJobConfig(text, "job.yaml");
  expect(config.issues).toEqual([]);
  return validateJobConfig(job(name), config, {
    fields: "fields" in options ? options.fields : GRPO_FIELDS,
    processes: options.processes ?? 1,
    exists: exists(options.files ?? ["data.pns", "./model", "bench.jsonl"]),
  }).map(formatIssue);
}

const BASE = "model_name_or_path: ./model\ndataset: data.pns\n";

describe("job config files", () => {
  it("reports YAML syntax errors at their line and column", () => {
    const config = parseJobConfig("dataset: a.pns\nnum_generations: [4\n", "rl.yaml");
    expect(config.issues.length).toBeGreaterThan(0);
    expect(formatIssue(config.issues[0])).toMatch(/^rl\.yaml:\d+:\d+: error: /);
  });

  it("rejects duplicate keys where the second one is", () => {
    const config = parseJobConfig("beta: 0.1\nbeta: 0.2\n", "dpo.yaml");
    expect(config.issues.map(formatIssue)).toEqual(["dpo.yaml:2:1: error: Map keys must be unique"]);
  });

  it("wants a mapping", () => {
    expect(parseJobConfig("- a\n- b\n", "x.yaml").issues.map(formatIssue)).toEqual([
      "x.yaml:1:1: error: a job config is a mapping of keys to values",
    ]);
    expect(parseJobConfig("", "x.yaml").issues.map(formatIssue)).toEqual([
      "x.yaml:1:1: error: the config is empty",
    ]);
  });

  it("keeps each key's and value's position", () => {
    const config = parseJobConfig("# comment\nbeta:   0.5\nlist:\n  - a\n", "x.yaml");
    expect(config.keys.beta).toEqual({ line: 2, column: 1 });
    expect(config.valueAt.beta).toEqual({ line: 2, column: 9 });
    expect(config.values).toEqual({ beta: 0.5, list: ["a"] });
  });
});

describe("job config validation", () => {
  it("accepts a sound reverse-RL config", () => {
    expect(
      check("reverse-rl", `${BASE}per_device_train_batch_size: 4\nnum_generations: 4\nmax_steps: 4\n`),
    ).toEqual([]);
  });

  it("names unknown keys with a suggestion, at the key", () => {
    expect(check("reverse-rl", `${BASE}learning_rat: 0.1\nnum_generation: 4\nfrobnicate: 1\n`)).toEqual([
      "job.yaml:3:1: error: unknown key 'learning_rat' for reverse-rl (did you mean 'learning_rate'?)",
      "job.yaml:4:1: error: unknown key 'num_generation' for reverse-rl (did you mean 'num_generations'?)",
      "job.yaml:5:1: error: unknown key 'frobnicate' for reverse-rl",
    ]);
  });

  it("skips the unknown-key check when the probe could not list the keys", () => {
    expect(check("reverse-rl", `${BASE}frobnicate: 1\n`, { fields: undefined })).toEqual([]);
  });

  it("checks GRPO group sizes against the number of processes", () => {
    const text = `${BASE}per_device_train_batch_size: 3\nnum_generations: 4\n`;
    expect(check("reverse-rl", text)).toEqual([
      "job.yaml:4:18: error: per_device_train_batch_size 3 × 1 process × steps_per_generation 1 = 3 is not divisible by num_generations 4: pick sizes so that whole groups fit",
    ]);
    // Four processes make 12 completions per generation step: three whole groups of 4.
    expect(check("reverse-rl", text, { processes: 4 })).toEqual([]);
    // TRL's default num_generations (8) applies when the config does not set it.
    expect(check("reverse-rl", `${BASE}per_device_train_batch_size: 4\n`)[0]).toMatch(
      /= 4 is not divisible by num_generations 8/,
    );
    expect(
      check(
        "reverse-rl",
        `${BASE}per_device_train_batch_size: 4\nnum_generations: 4\ngradient_accumulation_steps: 3\n`,
      ),
    ).toEqual([]);
  });

  it("checks an explicit generation batch size", () => {
    expect(
      check(
        "reverse-rl",
        `${BASE}per_device_train_batch_size: 4\nnum_generations: 4\ngeneration_batch_size: 10\n`,
      ),
    ).toEqual([
      "job.yaml:5:24: error: generation_batch_size 10 is not divisible by num_generations 4",
      "job.yaml:5:24: error: generation_batch_size 10 is not divisible by per_device_train_batch_size × processes = 4",
    ]);
  });

  it("rejects impossible sizes and numbers", () => {
    expect(
      check("reverse-rl", `${BASE}per_device_train_batch_size: 0\nlearning_rate: -1\nmax_steps: 2.5\n`),
    ).toEqual([
      "job.yaml:3:30: error: 'per_device_train_batch_size' must be a positive integer, got 0",
      "job.yaml:4:16: error: 'learning_rate' must be a number >= 0, got -1",
      "job.yaml:5:12: error: 'max_steps' must be a positive integer (or -1 for epochs), got 2.5",
    ]);
  });

  it("needs at least two generations per group", () => {
    expect(check("reverse-rl", `${BASE}per_device_train_batch_size: 4\nnum_generations: 1\n`)).toEqual([
      "job.yaml:4:18: error: 'num_generations' must be at least 2: GRPO compares completions within a group",
    ]);
  });

  it("reports missing files and models with the fix", () => {
    expect(check("dpo", "model_name_or_path: ./missing\ndataset: nope.pns\n", { fields: undefined })).toEqual(
      [
        "job.yaml:2:10: error: dataset nope.pns does not exist",
        "job.yaml:1:21: error: model path ./missing does not exist",
      ],
    );
    expect(
      check("dpo", "model_name_or_path: .cache/tiny-qwen3\ndataset: data.pns\n", { fields: undefined }),
    ).toEqual([
      "job.yaml:1:21: error: model path .cache/tiny-qwen3 does not exist (build it: python -m pns_jobs.tiny_model --out .cache/tiny-qwen3)",
    ]);
    expect(check("dpo", "dataset: data.pns\n", { fields: undefined })).toEqual([
      "job.yaml:1:1: error: dpo needs 'model_name_or_path:' (a local folder or a hub id)",
    ]);
    // A hub id is not a path: nothing to check before launch.
    expect(
      check("dpo", "model_name_or_path: Qwen/Qwen2.5-7B-Instruct\ndataset: data.pns\n", {
        fields: undefined,
      }),
    ).toEqual([]);
  });

  it("checks eval's benchmarks and sampling", () => {
    expect(
      check("eval", "model_name_or_path: ./model\nbenchmarks: [bench.jsonl, gone.jsonl]\nnum_samples: 4\n", {
        fields: undefined,
      }),
    ).toEqual([
      "job.yaml:3:14: error: num_samples > 1 needs temperature > 0: greedy decoding repeats one answer",
      "job.yaml:2:13: error: benchmark file gone.jsonl does not exist (nor is it one of gsm8k, math500, minerva_math, olympiadbench, aime24, amc23, college_math)",
    ]);
    expect(check("eval", "model_name_or_path: ./model\n", { fields: undefined })).toEqual([
      "job.yaml:1:1: error: eval needs 'benchmarks:' (one or more JSONL files)",
    ]);
  });

  it("warns about keys pns run manages", () => {
    expect(check("reverse-rl", `${BASE}per_device_train_batch_size: 8\noutput_dir: /tmp/x\n`)).toEqual([
      "job.yaml:4:1: warning: 'output_dir' is managed by pns run: checkpoints always go to <run dir>/checkpoints",
    ]);
  });

  it("tells hub ids from paths and suggests near keys only", () => {
    expect(looksLocal("Qwen/Qwen2.5-7B")).toBe(false);
    expect(looksLocal("gpt2")).toBe(false);
    expect(looksLocal("./m")).toBe(true);
    expect(looksLocal("/abs/m")).toBe(true);
    expect(looksLocal("a/b/c")).toBe(true);
    expect(suggestKey("bta", ["beta", "seed"])).toBe("beta");
    expect(suggestKey("completely_different", ["beta"])).toBeUndefined();
  });
});
