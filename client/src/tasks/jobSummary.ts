/**
 * What one job run has shown so far, folded from its output events; the status bar and the
 * end-of-job offer read it. Pure.
 */
import type { JobName } from "../../../server/src/protocol/jobs";
import type { JobEvent, JobState } from "./outputParser";

export interface JobSummary {
  job: JobName;
  label: string;
  runDir?: string;
  step?: number;
  total?: number;
  /** The metrics on the last progress line, e.g. `loss=0.6931 reward=0.25`. */
  metrics?: string;
  slurm?: { id: string; state: string };
  /** A dataset the job wrote (synthesize). */
  output?: string;
  end?: { state: JobState; reason?: string; seconds?: number };
}

export function applyEvent(summary: JobSummary, event: JobEvent): JobSummary {
  switch (event.kind) {
    case "runDir":
      return { ...summary, runDir: event.path };
    case "progress":
      return { ...summary, step: event.step, total: event.total, metrics: event.summary || summary.metrics };
    case "slurm":
      return { ...summary, slurm: { id: event.id, state: event.state } };
    case "output":
      return { ...summary, output: event.path };
    case "end":
      return {
        ...summary,
        runDir: event.runDir,
        end: { state: event.state, reason: event.reason, seconds: event.seconds },
      };
  }
}

/** The end state when `pns run` printed none: it stopped before the job (config, Python) or was killed. */
export function endFromExit(
  summary: JobSummary,
  code: number,
  cancelled: boolean,
): NonNullable<JobSummary["end"]> {
  if (summary.end) return summary.end;
  if (cancelled) return { state: "cancelled", reason: "cancelled before the job started" };
  if (code === 0) return { state: "succeeded" };
  if (code === 2)
    return {
      state: "failed",
      reason: "pns run refused to start (see the errors in the terminal and the Problems panel)",
    };
  return { state: "failed", reason: `pns run exited with code ${code}` };
}

/** Short status bar text: `reverse-rl 3/4`, `reverse-rl slurm RUNNING`, `eval`. */
export function statusText(summary: JobSummary): string {
  if (summary.slurm && summary.step === undefined) return `${summary.job} slurm ${summary.slurm.state}`;
  if (summary.step !== undefined && summary.total) return `${summary.job} ${summary.step}/${summary.total}`;
  return summary.job;
}
