/**
 * The `pns` task definition (contributes.taskDefinitions) and its mapping to a `pns run` command
 * line. Pure: no vscode, no file system, so the mapping is tested in plain Node and a task in
 * tasks.json runs exactly what `pns run` in a terminal would.
 */
import { JOB_SPECS, type JobName } from "../../../server/src/protocol/jobs";

export const TASK_TYPE = "pns";

/** The launchers `pns run --launcher` accepts. */
export const LAUNCHERS = ["local", "accelerate", "slurm"] as const;
export type LauncherName = (typeof LAUNCHERS)[number];

export const JOB_NAMES: readonly JobName[] = JOB_SPECS.map((spec) => spec.name);

/** One `pns` task, as written in tasks.json or produced by the provider. */
export interface PnsTaskDefinition {
  type: typeof TASK_TYPE;
  job: JobName;
  /** Job config YAML: absolute, or relative to the workspace folder; `${workspaceFolder}` allowed. */
  config: string;
  launcher?: LauncherName;
  gpus?: number;
  nodes?: number;
  /** Interpreter for the job; overrides the `pns.jobs.pythonPath` setting. */
  python?: string;
  /** `true` continues the newest run of the job; a string continues that run directory. */
  resume?: boolean | string;
  /** Directory `pns run` starts in (relative paths in the config resolve against it). */
  cwd?: string;
}

/** Reads an unknown value (tasks.json is user input) as a definition, or says what is wrong. */
export function checkDefinition(value: Record<string, unknown>): PnsTaskDefinition | string {
  const { job, config, launcher, gpus, nodes, python, resume, cwd } = value;
  if (typeof job !== "string" || !(JOB_NAMES as readonly string[]).includes(job))
    return `'job' must be one of ${JOB_NAMES.join(", ")}, got ${JSON.stringify(job)}`;
  if (typeof config !== "string" || config.trim() === "")
    return "'config' must name the job's YAML config file";
  if (launcher !== undefined && !(LAUNCHERS as readonly unknown[]).includes(launcher))
    return `'launcher' must be one of ${LAUNCHERS.join(", ")}, got ${JSON.stringify(launcher)}`;
  for (const [name, count] of [
    ["gpus", gpus],
    ["nodes", nodes],
  ] as const) {
    if (count !== undefined && !(typeof count === "number" && Number.isInteger(count) && count >= 1))
      return `'${name}' must be an integer >= 1, got ${JSON.stringify(count)}`;
  }
  if ((nodes ?? 1) !== 1 && launcher !== "slurm") return '\'nodes\' above 1 needs "launcher": "slurm"';
  if (python !== undefined && typeof python !== "string") return "'python' must be a path";
  if (resume !== undefined && typeof resume !== "boolean" && typeof resume !== "string")
    return "'resume' must be true or a run directory";
  if (cwd !== undefined && typeof cwd !== "string") return "'cwd' must be a directory path";
  return value as unknown as PnsTaskDefinition;
}

/** Replaces `${workspaceFolder}` (the one variable that makes sense in a definition). */
export function substituteWorkspaceFolder(text: string, folder: string): string {
  return text.split("${workspaceFolder}").join(folder);
}

export interface RunArgumentOptions {
  /** The config path as `pns run` should see it (made absolute by the caller). */
  configPath: string;
  /** The `pns.jobs.pythonPath` setting; the definition's own `python` wins. */
  pythonSetting?: string;
}

/** `run <job> --config <file> [...]`: the arguments after the `pns` executable. */
export function runArguments(definition: PnsTaskDefinition, options: RunArgumentOptions): string[] {
  const args = ["run", definition.job, "--config", options.configPath];
  if (definition.launcher && definition.launcher !== "local") args.push("--launcher", definition.launcher);
  if (definition.gpus !== undefined) args.push("--gpus", String(definition.gpus));
  if (definition.nodes !== undefined) args.push("--nodes", String(definition.nodes));
  const python = definition.python?.trim() || options.pythonSetting?.trim();
  if (python) args.push("--python", python);
  // `--resume=<dir>` keeps a directory name from being read as the next option or the job.
  if (definition.resume === true) args.push("--resume");
  else if (typeof definition.resume === "string" && definition.resume !== "")
    args.push(`--resume=${definition.resume}`);
  return args;
}

/** The task's name in the Run Task list: `reverse-rl: tiny/reverse-rl.yaml`. */
export function taskLabel(definition: PnsTaskDefinition, relativeConfig: string): string {
  const extras = [
    definition.launcher && definition.launcher !== "local" ? definition.launcher : undefined,
    definition.gpus !== undefined ? `${definition.gpus} GPU` : undefined,
    definition.nodes !== undefined && definition.nodes > 1 ? `${definition.nodes} nodes` : undefined,
    definition.resume ? "resume" : undefined,
  ].filter(Boolean);
  return `${definition.job}: ${relativeConfig}${extras.length ? ` (${extras.join(", ")})` : ""}`;
}
