import { localCommand } from "../../server/src/jobs/launchCommand";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../server/src/cli/command";
import { parseRunArgs } from "../../server/src/cli/commands/run";

describe("pns run arguments", () => {
  it("parses a full slurm command line, with accelerate options after --", () => {
    const request = parseRunArgs([
      "reverse-rl",
      "--config=rl.yaml",
      "--launcher",
      "slurm",
      "--gpus",
      "8",
      "--nodes",
      "2",
      "--partition",
      "gpu",
      "--sbatch=--qos=high",
      "--sbatch",
      "--exclusive",
      "--",
      "--mixed_precision",
      "bf16",
    ]);
    expect(request).toMatchObject({
      job: { name: "reverse-rl", module: "reverse_rl" },
      configPath: "rl.yaml",
      launcher: "slurm",
      gpus: 8,
      nodes: 2,
      resume: false,
      dryRun: false,
      accelerateArgs: ["--mixed_precision", "bf16"],
      slurm: { partition: "gpu", extra: ["--qos=high", "--exclusive"], port: undefined },
    });
  });

  it("takes --resume alone or with a run directory", () => {
    expect(parseRunArgs(["dpo", "--config", "d.yaml", "--resume"]).resume).toBe(true);
    expect(parseRunArgs(["dpo", "--resume", "--config", "d.yaml"]).resume).toBe(true);
    expect(parseRunArgs(["dpo", "--config", "d.yaml", "--resume=runs/x-dpo"]).resume).toBe("runs/x-dpo");
    expect(parseRunArgs(["dpo", "--resume", "runs/x-dpo", "--config", "d.yaml"]).resume).toBe("runs/x-dpo");
  });

  it("passes a pipeline's profile to the job", () => {
    const request = parseRunArgs(["pipeline", "--config", "p.yaml", "--profile", "quick"]);
    expect(request.profile).toBe("quick");
    const plan = {
      job: request.job,
      python: "py",
      configPath: "p.yaml",
      runDir: "r",
      resume: false,
      gpus: 1,
      nodes: 1,
      accelerateArgs: [],
      profile: request.profile,
    };
    expect(localCommand(plan)).toEqual([
      "py",
      "-m",
      "pns_jobs.pipeline",
      "--config",
      "p.yaml",
      "--run_dir",
      "r",
      "--profile",
      "quick",
    ]);
  });

  it.each([
    [[], /expected one job/],
    [
      ["train"],
      /unknown job 'train': one of sft, sample, reward-model, reverse-rl, synthesize, dpo, eval, pipeline/,
    ],
    [["dpo", "--config", "d.yaml", "--profile", "quick"], /--profile is for the pipeline job, not dpo/],
    [["pipeline", "--config", "p.yaml", "--profile", "quick;rm"], /--profile must be a name/],
    [["dpo"], /--config <file.yaml> is required/],
    [["dpo", "--config", "d.yaml", "--launcher", "k8s"], /--launcher must be local, accelerate or slurm/],
    [["dpo", "--config", "d.yaml", "--gpus", "0"], /--gpus must be an integer >= 1/],
    [["dpo", "--config", "d.yaml", "--nodes", "2"], /--nodes above 1 needs --launcher slurm/],
    [
      ["dpo", "--config", "d.yaml", "--num_processes", "2"],
      /unknown option '--num_processes' \(accelerate options go after --\)/,
    ],
    [["dpo", "--config"], /--config needs a value/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseRunArgs(argv)).toThrow(UsageError);
    expect(() => parseRunArgs(argv)).toThrow(message);
  });
});
