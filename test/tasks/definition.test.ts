import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkDefinition,
  JOB_NAMES,
  LAUNCHERS,
  type PnsTaskDefinition,
  runArguments,
  substituteWorkspaceFolder,
  taskLabel,
} from "../../client/src/tasks/definition";
import { parseRunArgs } from "../../server/src/cli/commands/run";

const ROOT = path.resolve(__dirname, "..", "..");
interface TaskDefinitionDecl {
  type: string;
  required: string[];
  properties: Record<string, { type: string | string[]; enum?: string[] }>;
}
const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  contributes: { taskDefinitions: TaskDefinitionDecl[] };
};
const declared = manifest.contributes.taskDefinitions.find((d) => d.type === "pns")!;

const def = (extra: Partial<PnsTaskDefinition> = {}): PnsTaskDefinition => ({
  type: "pns",
  job: "reverse-rl",
  config: "tiny/reverse-rl.yaml",
  ...extra,
});

describe("the contributed pns task definition", () => {
  it("requires job and config and lists the jobs pns run knows", () => {
    expect(declared.required.sort()).toEqual(["config", "job"]);
    expect(declared.properties.job.enum).toEqual([...JOB_NAMES]);
    expect(declared.properties.launcher.enum).toEqual([...LAUNCHERS]);
  });

  it("declares exactly the fields the provider reads", () => {
    expect(Object.keys(declared.properties).sort()).toEqual(
      ["config", "cwd", "gpus", "job", "launcher", "nodes", "python", "resume"].sort(),
    );
    expect(declared.properties.gpus.type).toBe("integer");
    expect(declared.properties.resume.type).toEqual(["boolean", "string"]);
  });
});

describe("task definition → pns run command line", () => {
  const cases: [string, PnsTaskDefinition, string[]][] = [
    ["the minimum", def(), ["run", "reverse-rl", "--config", "/w/c.yaml"]],
    [
      "local is the default launcher and is left out",
      def({ launcher: "local" }),
      ["run", "reverse-rl", "--config", "/w/c.yaml"],
    ],
    [
      "accelerate on 8 GPUs",
      def({ job: "dpo", launcher: "accelerate", gpus: 8 }),
      ["run", "dpo", "--config", "/w/c.yaml", "--launcher", "accelerate", "--gpus", "8"],
    ],
    [
      "slurm on 2 nodes, resuming",
      def({ launcher: "slurm", gpus: 4, nodes: 2, resume: true }),
      [
        "run",
        "reverse-rl",
        "--config",
        "/w/c.yaml",
        "--launcher",
        "slurm",
        "--gpus",
        "4",
        "--nodes",
        "2",
        "--resume",
      ],
    ],
    [
      "resume a named run directory, as one word",
      def({ resume: "runs/20260101T000000Z-reverse-rl" }),
      ["run", "reverse-rl", "--config", "/w/c.yaml", "--resume=runs/20260101T000000Z-reverse-rl"],
    ],
    [
      "the definition's python",
      def({ python: "/opt/py/bin/python" }),
      ["run", "reverse-rl", "--config", "/w/c.yaml", "--python", "/opt/py/bin/python"],
    ],
  ];
  for (const [name, definition, expected] of cases)
    it(name, () => expect(runArguments(definition, { configPath: "/w/c.yaml" })).toEqual(expected));

  it("passes the pns.jobs.pythonPath setting as --python, unless the definition names one", () => {
    expect(runArguments(def(), { configPath: "/c.yaml", pythonSetting: "/venv/bin/python" })).toContain(
      "/venv/bin/python",
    );
    expect(runArguments(def(), { configPath: "/c.yaml", pythonSetting: "  " })).not.toContain("--python");
    const both = runArguments(def({ python: "/mine" }), { configPath: "/c.yaml", pythonSetting: "/setting" });
    expect(both.slice(-2)).toEqual(["--python", "/mine"]);
  });

  it("reads back through the CLI's own parser as the same request", () => {
    const definitions = [
      def(),
      def({ job: "eval", launcher: "accelerate", gpus: 2, python: "/p y/python" }),
      def({ job: "synthesize", launcher: "slurm", gpus: 8, nodes: 4, resume: true }),
      def({ job: "reward-model", resume: "runs/x-reward-model" }),
    ];
    for (const definition of definitions) {
      const [, ...argv] = runArguments(definition, { configPath: "/w/tiny/c.yaml" });
      const request = parseRunArgs(argv);
      expect(request.job.name).toBe(definition.job);
      expect(request.configPath).toBe("/w/tiny/c.yaml");
      expect(request.launcher).toBe(definition.launcher ?? "local");
      expect(request.gpus).toBe(definition.gpus ?? 1);
      expect(request.nodes).toBe(definition.nodes ?? 1);
      expect(request.python).toBe(definition.python);
      expect(request.resume).toBe(definition.resume ?? false);
    }
  });
});

describe("checking a definition from tasks.json", () => {
  it("accepts a valid one and returns the same object", () => {
    const value = { type: "pns", job: "dpo", config: "dpo.yaml", gpus: 2, launcher: "accelerate" };
    expect(checkDefinition(value)).toBe(value);
  });

  const bad: [Record<string, unknown>, RegExp][] = [
    [
      { job: "train", config: "a.yaml" },
      /'job' must be one of sft, sample, reward-model, reverse-rl, synthesize, dpo, eval, pipeline, got "train"/,
    ],
    [{ job: "dpo" }, /'config' must name/],
    [{ job: "dpo", config: "a.yaml", launcher: "k8s" }, /'launcher' must be one of local, accelerate, slurm/],
    [{ job: "dpo", config: "a.yaml", gpus: 0 }, /'gpus' must be an integer >= 1, got 0/],
    [{ job: "dpo", config: "a.yaml", gpus: "2" }, /'gpus' must be an integer/],
    [{ job: "dpo", config: "a.yaml", nodes: 2 }, /'nodes' above 1 needs "launcher": "slurm"/],
    [{ job: "dpo", config: "a.yaml", resume: 3 }, /'resume' must be true or a run directory/],
  ];
  for (const [value, message] of bad)
    it(`rejects ${JSON.stringify(value)}`, () =>
      expect(checkDefinition({ type: "pns", ...value })).toMatch(message));
});

describe("labels and variables", () => {
  it("labels a task by job and config, with non-default options", () => {
    expect(taskLabel(def(), "tiny/reverse-rl.yaml")).toBe("reverse-rl: tiny/reverse-rl.yaml");
    expect(taskLabel(def({ launcher: "slurm", gpus: 8, nodes: 2, resume: true }), "rl.yaml")).toBe(
      "reverse-rl: rl.yaml (slurm, 8 GPU, 2 nodes, resume)",
    );
  });

  it("substitutes ${workspaceFolder} wherever it appears", () => {
    expect(substituteWorkspaceFolder("${workspaceFolder}/a/${workspaceFolder}", "/w")).toBe("/w/a//w");
    expect(substituteWorkspaceFolder("a.yaml", "/w")).toBe("a.yaml");
  });
});
