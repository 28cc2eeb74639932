import type { Problem, Sample } from "../../format/ast";
import { gradeResponse } from "../../grader/index";
import type { DpoChecks, DpoSummary } from "./trlDpo";

/**
 * The grader's floors for DPO pairs: leaves out samples whose role contradicts their grade
 * (`verifyAnswers`) and, unless `keepUngradable`, samples the grader cannot decide. Each count
 * goes into `summary`. A problem without a gold answer (a parse error, which `pns export` refuses)
 * has nothing to grade against: its samples are kept as they are.
 */
export function applyGradeChecks(
  problem: Problem,
  samples: readonly Sample[],
  checks: DpoChecks,
  summary: DpoSummary,
): Sample[] {
  const dropUngradable = !checks.keepUngradable;
  if (!checks.verifyAnswers && !dropUngradable) return [...samples];
  if (checks.verifyAnswers) summary.mislabelledSamples ??= 0;
  if (dropUngradable) summary.ungradableSamples ??= 0;
  if (problem.answer === undefined) return [...samples];
  const gold = problem.answer.text;
  const kept: Sample[] = [];
  for (const sample of samples) {
    const verdict = gradeResponse(gold, sample.body.text);
    if (!verdict.gradable) {
      if (dropUngradable) {
        summary.ungradableSamples = (summary.ungradableSamples ?? 0) + 1;
        continue;
      }
    } else if (checks.verifyAnswers && verdict.equal !== (sample.role === "positive")) {
      summary.mislabelledSamples = (summary.mislabelledSamples ?? 0) + 1;
      continue;
    }
    kept.push(sample);
  }
  return kept;
}

/** Positives and negatives that appear in no pair. */
export function unpairedCount(
  pairs: ReadonlyArray<readonly [number, number]>,
  positives: number,
  negatives: number,
): number {
  const p = new Set(pairs.map(([i]) => i));
  const n = new Set(pairs.map(([, j]) => j));
  return positives - p.size + (negatives - n.size);
}
