import { existsSync, readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { detectJob, jobFromFileName, relativePaths } from "../../client/src/tasks/jobConfig";
import { freeName, templateHeader } from "../../client/src/tasks/templateText";
import { chooseWorkingDirectory } from "../../client/src/tasks/workingDirectory";

const ROOT = path.resolve(__dirname, "..", "..");
const TINY = path.join(ROOT, "examples", "tiny");
const examples = readdirSync(TINY)
  .filter((name) => name.endsWith(".yaml"))
  .map((name) => ({ name, file: path.join(TINY, name), text: readFileSync(path.join(TINY, name), "utf8") }));

describe("recognising job configs", () => {
  it("finds all five tiny example configs, each for the job its name says", () => {
    expect(examples.map((e) => detectJob(e.file, e.text)).sort()).toEqual([
      "dpo",
      "eval",
      "reverse-rl",
      "reward-model",
      "synthesize",
    ]);
    for (const e of examples) expect(detectJob(e.file, e.text), e.name).toBe(e.name.replace(/\.yaml$/, ""));
  });

  it("recognises each example by its keys alone when renamed", () => {
    for (const e of examples)
      expect(detectJob("/w/config.yaml", e.text), e.name).toBe(e.name.replace(/\.yaml$/, ""));
  });

  it("honours a # pns-job marker over the name and keys", () => {
    const reverse = examples.find((e) => e.name === "reverse-rl.yaml")!;
    expect(detectJob("/w/dpo.yaml", `# pns-job: synthesize\n${reverse.text}`)).toBe("synthesize");
  });

  it("matches job names as words in file names", () => {
    expect(jobFromFileName("/w/eval-math.yml")).toBe("eval");
    expect(jobFromFileName("C:\\w\\qwen_reverse_rl.yaml")).toBe("reverse-rl");
    expect(jobFromFileName("/w/reward-model-4b.yaml")).toBe("reward-model");
    expect(jobFromFileName("/w/evaluation.yaml")).toBeUndefined();
    expect(jobFromFileName("/w/dpoxyz.yaml")).toBeUndefined();
  });

  it("ignores YAML that is not a job config, even when named like one", () => {
    expect(
      detectJob("/w/.github/workflows/eval.yaml", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"),
    ).toBeUndefined();
    expect(detectJob("/w/config.yaml", "model_name_or_path: x\nlearning_rate: 1.0e-4\n")).toBeUndefined();
    expect(detectJob("/w/list.yaml", "- a\n- b\n")).toBeUndefined();
  });

  it("still offers a broken config named like a job, so running it shows the error in place", () => {
    expect(detectJob("/w/dpo.yaml", "model_name_or_path: x\nbeta: [\n")).toBe("dpo");
  });
});

describe("relative paths in a config", () => {
  it("lists the dataset, benchmarks and a local model, not hub ids or absolute paths", () => {
    const text =
      "model_name_or_path: Qwen/Qwen2.5-7B-Instruct\ndataset: data/x.pns\nbenchmarks: [b/gsm8k.jsonl, /abs/math.jsonl]\n";
    expect(relativePaths(text, "c.yaml")).toEqual(["data/x.pns", "b/gsm8k.jsonl"]);
    expect(relativePaths("model_name_or_path: .cache/tiny-qwen3\n", "c.yaml")).toEqual([".cache/tiny-qwen3"]);
  });
});

describe("where pns run starts", () => {
  const reverse = examples.find((e) => e.name === "reverse-rl.yaml")!;
  const paths = relativePaths(reverse.text, reverse.file);

  it("is the repository root for the shipped configs when the workspace is the repository", () => {
    expect(chooseWorkingDirectory(reverse.file, ROOT, paths, existsSync)).toBe(ROOT);
  });

  it("is the repository root when the workspace is examples/ (config at tiny/reverse-rl.yaml)", () => {
    const cwd = chooseWorkingDirectory(reverse.file, path.join(ROOT, "examples"), paths, existsSync);
    expect(cwd).toBe(ROOT);
    expect(existsSync(path.resolve(cwd, "examples/tiny/tiny.pns"))).toBe(true);
  });

  it("is the config's own folder when its paths are written relative to it", () => {
    const exists = (p: string) => p === "/w/exp/rl/data.pns";
    expect(chooseWorkingDirectory("/w/exp/rl/c.yaml", "/w", ["data.pns"], exists)).toBe("/w/exp/rl");
  });

  it("is the workspace folder when no path resolves anywhere, or the config names none", () => {
    expect(chooseWorkingDirectory("/w/a/c.yaml", "/w", ["missing.pns"], () => false)).toBe("/w");
    expect(chooseWorkingDirectory("/w/a/c.yaml", "/w", [], () => true)).toBe("/w");
  });

  it("prefers the workspace folder when it resolves as many paths as an ancestor", () => {
    expect(chooseWorkingDirectory("/w/a/c.yaml", "/w", ["d.pns"], () => true)).toBe("/w");
  });
});

describe("configs created from a template", () => {
  it("are recognised by their marker whatever they are renamed to", () => {
    for (const e of examples) {
      const job = e.name.replace(/\.yaml$/, "") as Parameters<typeof templateHeader>[0];
      expect(detectJob("/w/renamed.yaml", templateHeader(job) + e.text)).toBe(job);
    }
  });

  it("never take an existing file's name", () => {
    const taken = new Set(["dpo.yaml", "dpo-2.yaml"]);
    expect(freeName("dpo", (n) => taken.has(n))).toBe("dpo-3.yaml");
    expect(freeName("eval", (n) => taken.has(n))).toBe("eval.yaml");
  });
});
