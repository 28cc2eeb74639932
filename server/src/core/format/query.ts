import type { MetaEntry, PnsFile, Problem, Range, Sample } from "./ast";

function contains(range: Range, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset;
}

/**
 * The problem whose range (its `@problem` line through its last body) holds `offset`, found by
 * binary search: problems are in source order. Offsets in blank separator lines or leading
 * comments between problems belong to none.
 */
export function findProblemAt(file: PnsFile, offset: number): Problem | undefined {
  const problems = file.problems;
  let lo = 0;
  let hi = problems.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const problem = problems[mid];
    if (offset < problem.range.start.offset) hi = mid - 1;
    else if (offset > problem.range.end.offset) lo = mid + 1;
    else return problem;
  }
  return undefined;
}

/** A sample with what a hover or a finding needs to name it. */
export interface SampleHit {
  problem: Problem;
  sample: Sample;
  /** Index of the sample in `problem.samples`. */
  index: number;
}

/** The sample whose range (its directive line through its body) holds `offset`. */
export function findSampleAt(file: PnsFile, offset: number): SampleHit | undefined {
  const problem = findProblemAt(file, offset);
  if (!problem) return undefined;
  const samples = problem.samples;
  let lo = 0;
  let hi = samples.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const sample = samples[mid];
    if (offset < sample.range.start.offset) hi = mid - 1;
    else if (offset > sample.range.end.offset) lo = mid + 1;
    else return { problem, sample, index: mid };
  }
  return undefined;
}

/**
 * A key naming one sample within a file: `<problem id>#<sample index>` (index from 0, in file
 * order). Used to join findings, score reports and cached remote scores to their sample.
 */
export function sampleKey(problem: Pick<Problem, "id">, sampleIndex: number): string {
  return `${problem.id}#${sampleIndex}`;
}

/** The value of a metadata key (the first, if a file repeats it), or undefined. */
export function metaValue(meta: readonly MetaEntry[], key: string): string | undefined {
  for (const entry of meta) if (entry.key === key) return entry.value;
  return undefined;
}

export { contains as rangeContains };
