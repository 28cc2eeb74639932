/**
 * Reads `pns run` output line by line for the job's state: the run directory, training progress,
 * Slurm state, the synthesized dataset and the final status line. The lines are the contract of
 * `pns run` (server/src/cli/commands/run.ts help text) and of the jobs' metrics callback
 * (jobs/pns_jobs/metrics.py `progress_line`); nothing here guesses beyond them except tqdm bars,
 * which the non-training jobs show while sampling.
 */
import type { JobName } from "../../../server/src/protocol/jobs";
import { visibleText } from "./lines";

export type JobState = "succeeded" | "failed" | "cancelled";

export type JobEvent =
  | { kind: "runDir"; path: string }
  | { kind: "progress"; step: number; total: number; summary: string }
  | { kind: "slurm"; id: string; state: string }
  | { kind: "output"; path: string }
  | { kind: "end"; state: JobState; reason?: string; seconds: number; runDir: string };

const RUN_DIR = /^PNS_RUN_DIR=(.+)$/;
// `[pns] step 3/8 loss=0.6931 reward=0.25`
const STEP = /^\[pns\] step (\d+)\/(\d+)(?: (.*))?$/;
// `[pns] reverse-rl succeeded (12.3s, run dir /x/runs/...)`, `[pns] dpo failed: reason (1.0s, run dir ...)`;
// in VS Code's terminal followed by ` · open vscode://…` (server/src/protocol/editorLink.ts).
const END =
  /^\[pns\] ([a-z-]+) (succeeded|failed|cancelled)(?:: (.*))? \((\d+(?:\.\d+)?)s, run dir (.+)\)(?: · open \S+)?$/;
const SLURM = /^\[pns\] slurm job (\S+): ([A-Z_]+)/;
const SUBMITTED = /^\[pns\] submitted slurm job (\S+)/;
// synthesize: `[pns] kept 6 plausible wrong responses -> /x/outputs/negatives.pns`
const KEPT = /^\[pns\] kept \d+ .* -> (.+\.pns)$/;
// tqdm: ` 50%|█████     | 2/4 [00:01<00:02,  1.2it/s]`
const TQDM = /\|\s*(\d+)\/(\d+) \[/;

/** The events one line of output carries (usually none). */
export function parseLine(rawLine: string, job: JobName): JobEvent[] {
  const line = visibleText(rawLine).trimEnd();
  let m: RegExpExecArray | null;
  if ((m = RUN_DIR.exec(line))) return [{ kind: "runDir", path: m[1] }];
  if ((m = STEP.exec(line)))
    return [{ kind: "progress", step: Number(m[1]), total: Number(m[2]), summary: m[3] ?? "" }];
  if ((m = END.exec(line)) && m[1] === job)
    return [{ kind: "end", state: m[2] as JobState, reason: m[3], seconds: Number(m[4]), runDir: m[5] }];
  if ((m = SUBMITTED.exec(line))) return [{ kind: "slurm", id: m[1], state: "SUBMITTED" }];
  if ((m = SLURM.exec(line))) return [{ kind: "slurm", id: m[1], state: m[2] }];
  if ((m = KEPT.exec(line))) return [{ kind: "output", path: m[1] }];
  if ((m = TQDM.exec(line)) && Number(m[2]) > 0)
    return [{ kind: "progress", step: Number(m[1]), total: Number(m[2]), summary: "" }];
  return [];
}
