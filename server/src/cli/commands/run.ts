import { existsSync } from "node:fs";
import * as path from "node:path";
import { type CliCommand, UsageError } from "../command";
import { executeRun, type Launcher, type RunRequest } from "../../jobs/executeRun";
import { findJob, JOB_SPECS } from "../../protocol/jobs";
import { findJobsDir } from "../../jobs/python";
import { checkScriptValue, sbatchOption, sbatchValue, ScriptValueError } from "../../jobs/slurm/scriptValues";

const HELP = `Usage: pns run <job> --config <file.yaml> [options] [-- <accelerate options>]

Launch a PNS job on Hugging Face TRL: validate the config, check the Python environment, start the
reward server when the job needs it, run the job, and leave a run directory runs/<UTC time>-<job>/
(config, command, status.json, metrics.jsonl, log, checkpoints, outputs).

Jobs:
${JOB_SPECS.map((j) => `  ${j.name.padEnd(13)} ${j.summary}`).join("\n")}

Options:
  --config FILE              the job's YAML config (TRL config keys plus ours; see docs/jobs.md)
  --launcher KIND            local (default), accelerate, or slurm
  --gpus N                   GPUs (one process each) per node, for accelerate and slurm (default 1);
                             0 with slurm: CPU-only nodes, one process per node, no GPU requested
  --nodes M                  nodes, for slurm (default 1)
  --python PATH              interpreter (default: $PNS_PYTHON, jobs/.venv/bin/python, python3)
  --dry-run                  validate and print the exact commands; start nothing
  --resume [RUN_DIR]         continue a run from its last checkpoint (default: the newest run of the job)
  --runs-root DIR            where run directories go (default runs)
  --accelerate-config FILE   accelerate config file (DeepSpeed ZeRO, FSDP), passed as --config_file
  --profile NAME             pipeline: which profile of its profiles file (e.g. quick)
  --no-probe                 skip the Python package probe (and the unknown-key check)
Slurm:
  --partition P  --account A  --time T  --cpus-per-task N  --sbatch OPTION (repeatable, e.g. --sbatch=--qos=high)
  --port N                   rendezvous port on the first node (default: a free one, picked there)

Output: progress lines, then PNS_RUN_DIR=<path> and one final status line:
  [pns] <job> succeeded|failed|cancelled[: reason] (<seconds>s, run dir <path>)
Ctrl-C stops the job's whole process group (or scancels the Slurm job) and marks the run cancelled.
Exit codes: 0 succeeded, 1 failed or cancelled, 2 invalid config, environment or usage.

Examples:
  pns run reverse-rl --config examples/tiny/reverse-rl.yaml
  pns run pipeline --config examples/mini/pipeline.yaml --profile quick
  pns run dpo --config dpo.yaml --launcher accelerate --gpus 8 --accelerate-config zero2.yaml
  pns run reverse-rl --config rl.yaml --launcher slurm --nodes 2 --gpus 8 --partition gpu --time 12:00:00
`;

const VALUE_OPTIONS = new Set([
  "--config",
  "--launcher",
  "--gpus",
  "--nodes",
  "--python",
  "--runs-root",
  "--accelerate-config",
  "--partition",
  "--account",
  "--time",
  "--cpus-per-task",
  "--sbatch",
  "--port",
  "--profile",
]);

function count(option: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${option} must be an integer >= ${min}, got '${value}'`);
  return n;
}

/** Parses `pns run` arguments; `--opt value` and `--opt=value` both work. */
export function parseRunArgs(argv: string[]): RunRequest {
  const dashes = argv.indexOf("--");
  const own = dashes >= 0 ? argv.slice(0, dashes) : argv;
  const accelerateArgs = dashes >= 0 ? argv.slice(dashes + 1) : [];
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  let resume: boolean | string = false;
  const positional: string[] = [];
  for (let i = 0; i < own.length; i++) {
    const arg = own[i];
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (name === "--resume") {
      const next = eq > 0 ? arg.slice(eq + 1) : own[i + 1];
      if (eq > 0) resume = next ?? true;
      else if (
        next !== undefined &&
        !next.startsWith("--") &&
        (positional.length > 0 || own.slice(i + 2).length > 0 || existsSync(next))
      ) {
        resume = next;
        i++;
      } else resume = true;
    } else if (VALUE_OPTIONS.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : own[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (name === "--dry-run" || name === "--no-probe") flags.add(name);
    else if (arg.startsWith("-"))
      throw new UsageError(`unknown option '${arg}' (accelerate options go after --)`);
    else positional.push(arg);
  }
  const one = (name: string) => values.get(name)?.at(-1);
  if (positional.length !== 1)
    throw new UsageError(
      `expected one job (${JOB_SPECS.map((j) => j.name).join(", ")}), got ${positional.length ? positional.join(" ") : "none"}`,
    );
  const job = findJob(positional[0]);
  if (!job)
    throw new UsageError(`unknown job '${positional[0]}': one of ${JOB_SPECS.map((j) => j.name).join(", ")}`);
  const configPath = one("--config");
  if (!configPath) throw new UsageError("--config <file.yaml> is required");
  const launcher = (one("--launcher") ?? "local") as Launcher;
  if (!["local", "accelerate", "slurm"].includes(launcher))
    throw new UsageError(`--launcher must be local, accelerate or slurm, got '${launcher}'`);
  const gpus = count("--gpus", one("--gpus") ?? "1", launcher === "slurm" ? 0 : 1);
  const nodes = count("--nodes", one("--nodes") ?? "1", 1);
  if (nodes > 1 && launcher !== "slurm") throw new UsageError("--nodes above 1 needs --launcher slurm");
  const cpus = one("--cpus-per-task");
  const profile = one("--profile");
  if (profile !== undefined && !job.profiles)
    throw new UsageError(`--profile is for the pipeline job, not ${job.name}`);
  if (profile !== undefined && !/^[A-Za-z0-9_-]+$/.test(profile))
    throw new UsageError(`--profile must be a name (letters, digits, - and _), got '${profile}'`);
  const port = one("--port");
  // Values that reach a job script: refused here, with the option's name, before anything runs.
  try {
    for (const name of [
      "--partition",
      "--account",
      "--time",
      "--runs-root",
      "--config",
      "--python",
      "--accelerate-config",
    ]) {
      const value = one(name);
      if (value !== undefined) checkScriptValue(name, value);
    }
    for (const option of values.get("--sbatch") ?? []) sbatchOption("--sbatch", option);
    for (const name of ["--partition", "--account", "--time"]) {
      const value = one(name);
      if (value !== undefined) sbatchValue(name, value);
    }
    for (const word of accelerateArgs) checkScriptValue("an accelerate option (after --)", word);
  } catch (error) {
    if (error instanceof ScriptValueError) throw new UsageError(error.message);
    throw error;
  }
  return {
    job,
    configPath,
    launcher,
    gpus,
    nodes,
    python: one("--python"),
    dryRun: flags.has("--dry-run"),
    resume,
    runsRoot: one("--runs-root") ?? "runs",
    accelerateConfig: one("--accelerate-config"),
    accelerateArgs,
    profile,
    probe: !flags.has("--no-probe"),
    slurm: {
      partition: one("--partition"),
      account: one("--account"),
      time: one("--time"),
      cpusPerTask: cpus === undefined ? undefined : count("--cpus-per-task", cpus, 1),
      extra: values.get("--sbatch") ?? [],
      port: port === undefined ? undefined : count("--port", port, 1),
    },
  };
}

/** The command that runs this very CLI, for the reward server and the jobs' `pns export/grade`. */
function selfCommand(jobsDir: string | undefined): string[] {
  const script = jobsDir ? path.join(path.dirname(jobsDir), "bin", "pns.js") : undefined;
  return [process.execPath, script && existsSync(script) ? script : (process.argv[1] ?? "pns")];
}

export const runCommand: CliCommand = {
  name: "run",
  summary:
    "Launch a job (sft, sample, reward-model, reverse-rl, synthesize, dpo, eval, pipeline) locally, with accelerate or on Slurm",
  help: HELP,
  async run(argv, io) {
    const request = parseRunArgs(argv);
    const jobsDir = findJobsDir();
    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      io.stderr.write(`\n[pns] ${signal}: cancelling ${request.job.name}...\n`);
      controller.abort();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    try {
      return await executeRun(request, {
        io,
        signal: controller.signal,
        jobsDir,
        pnsCommand: selfCommand(jobsDir),
      });
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
};
