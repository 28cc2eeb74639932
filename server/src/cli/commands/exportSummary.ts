import type { DpoSummary } from "../../core/interop/index";

/** The human notes after `pns export --format trl-dpo`'s summary line: what was left out, and why. */
export function dpoSummaryNotes(summary: DpoSummary): string[] {
  return [
    summary.unpairedProblems > 0
      ? `${count(summary.unpairedProblems, "problem")} without a positive and a negative`
      : "",
    summary.rejectedSamples > 0
      ? `${count(summary.rejectedSamples, "sample")} with status=rejected left out`
      : "",
    summary.negativesEqualToPositive > 0
      ? `${count(summary.negativesEqualToPositive, "negative")} identical to a positive left out`
      : "",
    (summary.mislabelledSamples ?? 0) > 0
      ? `${count(summary.mislabelledSamples ?? 0, "sample")} whose answer contradicts its role left out (see pns lint; --keep-mislabelled keeps them)`
      : "",
    (summary.ungradableSamples ?? 0) > 0
      ? `${count(summary.ungradableSamples ?? 0, "ungradable sample")} left out (no final answer the grader can read; --keep-ungradable keeps them)`
      : "",
  ].filter(Boolean);
}

/**
 * Every count on one line of `key=value` pairs, zeros included, in a fixed order: the line a
 * script (or the Python jobs) reads to see what the floors did.
 */
export function dpoCountsLine(summary: DpoSummary, problems: number): string {
  const counts: Array<[string, number]> = [
    ["pairs", summary.pairs],
    ["problems", problems],
    ["unpaired_problems", summary.unpairedProblems],
    ["unpaired_samples", summary.unpairedSamples ?? 0],
    ["rejected", summary.rejectedSamples],
    ["identical", summary.negativesEqualToPositive],
    ["mislabelled", summary.mislabelledSamples ?? 0],
    ["ungradable", summary.ungradableSamples ?? 0],
  ];
  return `pns export: counts ${counts.map(([k, v]) => `${k}=${v}`).join(" ")}`;
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
