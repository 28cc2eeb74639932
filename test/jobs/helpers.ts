import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import type { CliIo } from "../../server/src/cli/command";
import { findJob, type JobSpec } from "../../server/src/protocol/jobs";
import type { RunRequest } from "../../server/src/jobs/executeRun";

export const FIXTURES = path.join(__dirname, "fixtures");
export const STANDIN_BIN = path.join(FIXTURES, "bin");
export const STANDIN_PYTHON = path.join(STANDIN_BIN, "python-standin");

export function tempDir(prefix = "pns-jobs-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function job(name: string): JobSpec {
  const spec = findJob(name);
  if (!spec) throw new Error(`no job ${name}`);
  return spec;
}

/** Captured streams, plus a way to wait for output to satisfy a condition (with a deadline). */
export function captureIo(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (waiter.test()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    check();
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
    check();
  });
  const io: CliIo = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { PATH: process.env.PATH, ...env },
    cwd,
  };
  return {
    io,
    out: () => out,
    err: () => err,
    /** Resolves when `pattern` appears in stdout or stderr; rejects after `ms`. */
    waitFor(pattern: RegExp, ms = 20_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const test = () => pattern.test(out) || pattern.test(err);
        if (test()) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${pattern}\n${out}\n${err}`)),
          ms,
        );
        waiters.push({
          test,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}

/** A probe answer as the real `python -m pns_jobs.probe --job X` gives it. */
export function probeJson(dir: string, fields: Record<string, unknown>, missing: string[] = []): string {
  const file = path.join(dir, "probe.json");
  const versions = {
    torch: "2.13.0",
    transformers: "5.17.0",
    trl: "1.13.0",
    accelerate: "1.15.0",
    datasets: "5.0.1",
    peft: null,
    yaml: "6.0.3",
  };
  for (const name of missing) (versions as Record<string, string | null>)[name] = null;
  writeFileSync(
    file,
    JSON.stringify({
      python: "3.11.7",
      executable: "/venv/bin/python",
      versions,
      missing,
      cuda: null,
      ...(missing.length ? {} : { fields }),
    }),
  );
  return file;
}

/** GRPO's keys (a subset of the real probe's 213) with TRL 1.13 defaults, plus ours. */
export const GRPO_FIELDS = {
  model_name_or_path: null,
  dataset: "",
  run_dir: null,
  runs_root: "runs",
  resume: false,
  reward_components: [],
  per_device_train_batch_size: 8,
  gradient_accumulation_steps: 1,
  num_generations: 8,
  steps_per_generation: null,
  generation_batch_size: null,
  max_completion_length: 256,
  max_steps: -1,
  learning_rate: 1e-6,
  logging_steps: 10,
  save_steps: 500,
  save_total_limit: null,
  seed: 42,
  use_cpu: false,
  bf16: true,
  gradient_checkpointing: true,
  dataloader_num_workers: 0,
  report_to: "none",
  beta: 0.0,
  output_dir: null,
};

export function request(overrides: Partial<RunRequest> & { job: JobSpec; configPath: string }): RunRequest {
  return {
    launcher: "local",
    gpus: 1,
    nodes: 1,
    dryRun: false,
    resume: false,
    runsRoot: "runs",
    accelerateArgs: [],
    slurm: { extra: [], port: 29500 },
    probe: true,
    ...overrides,
  };
}
