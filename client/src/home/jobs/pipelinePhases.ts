/**
 * A pipeline config's phases for the Jobs view, each with its state in the latest run of that
 * config: the run whose launch record (command.json) names the config, newest first, and its
 * `phases.json` (jobs/pns_jobs/pipeline_phases.py `PhaseBook`). phases.json lists a phase once it
 * has started, so the phases not reached yet come from the planned order below (the docstring of
 * jobs/pns_jobs/pipeline.py); a pipeline never run shows them all as "not run". Plain Node.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseLaunchRecord } from "../runs/launchRecord";
import { readRunSummary, type RunState } from "../runs/runFolder";
import { listPhases, listRuns, type PhaseEntry, type RunEntry } from "../runs/runIndex";

/**
 * The pipeline's phases in the order it runs them. `dpo` stands for the per-arm, per-seed DPO
 * phases (`dpo-<arm>-s<seed>`), whose number depends on the config; `rm_base` is skipped when
 * `rm_base_steps` is 0.
 */
export const PLANNED_PHASES = [
  "data",
  "base_eval",
  "base_band",
  "sample",
  "rm_pairs",
  "rm_base",
  "reward_model",
  "reverse_rl",
  "synthesize",
  "figure1",
  "dpo_pairs",
  "dpo",
  "eval",
  "report",
] as const;

/** The planned phase a recorded one stands in (`dpo-pns-s0` → `dpo`). */
const plannedName = (name: string) => (/^dpo-.+-s\d+$/.test(name) ? "dpo" : name);

/** One row under a pipeline config. `state` is the phase's, or `not run` / `pending` / `not reached`. */
export interface PhaseRow {
  name: string;
  state: string;
  seconds?: number;
  reason?: string;
  dir?: string;
}

/**
 * The rows for a run's recorded phases (undefined: no run yet) given the run's own state. A phase
 * recorded as running in a run that is no longer running was cut off: `interrupted`. After the
 * last recorded phase come the planned ones still to run (`pending` while the run runs, else `not
 * reached`), unless the run succeeded (then the missing ones were skipped by the config, e.g.
 * `rm_base`).
 */
export function phaseRows(recorded: PhaseEntry[] | undefined, runState?: RunState): PhaseRow[] {
  if (!recorded) return PLANNED_PHASES.map((name) => ({ name, state: "not run" }));
  const rows: PhaseRow[] = recorded.map((p) => ({
    name: p.name,
    state: p.state === "running" && runState !== "running" ? "interrupted" : (p.state ?? "unknown"),
    ...(p.seconds !== undefined ? { seconds: p.seconds } : {}),
    ...(p.reason !== undefined ? { reason: p.reason } : {}),
    ...(p.dir !== undefined ? { dir: p.dir } : {}),
  }));
  if (runState === "succeeded") return rows;
  const last = Math.max(-1, ...recorded.map((p) => PLANNED_PHASES.indexOf(plannedName(p.name) as never)));
  const seen = new Set(recorded.map((p) => plannedName(p.name)));
  const waiting = runState === "running" ? "pending" : "not reached";
  for (const name of PLANNED_PHASES.slice(last + 1)) if (!seen.has(name)) rows.push({ name, state: waiting });
  return rows;
}

/** A pipeline run and the rows of its phases. */
export interface PipelineStatus {
  run?: { dir: string; state: RunState };
  phases: PhaseRow[];
}

/** Whether a run's command.json says it ran `configFile` (a path relative to its cwd, or absolute). */
async function ranConfig(run: RunEntry, configFile: string): Promise<boolean> {
  const record = parseLaunchRecord(
    await readFile(path.join(run.dir, "command.json"), "utf8").catch(() => ""),
  );
  if (!record.config) return false;
  const resolved = path.resolve(record.cwd ?? path.dirname(run.dir), record.config);
  return path.normalize(resolved) === path.normalize(configFile);
}

/**
 * The newest pipeline run of `configFile` under any of `roots`, with its phases' rows; no run:
 * the planned phases as "not run". Reads one command.json per pipeline run, newest first, and
 * stops at the first match.
 */
export async function pipelineStatus(configFile: string, roots: string[]): Promise<PipelineStatus> {
  const runs = (await Promise.all(roots.map((root) => listRuns(root))))
    .flat()
    .filter((run) => run.job === "pipeline")
    .sort((a, b) => (b.stamp ?? "").localeCompare(a.stamp ?? "") || b.name.localeCompare(a.name));
  for (const run of runs) {
    if (!(await ranConfig(run, configFile))) continue;
    const { state } = await readRunSummary(run.dir);
    const recorded = await listPhases(run.dir);
    return { run: { dir: run.dir, state }, phases: phaseRows(recorded, state) };
  }
  return { phases: phaseRows(undefined) };
}
