import type { ComponentScore } from "./types";

/** What accuracy inversion needs from the grader's verdict (the grader's `Verdict` satisfies it). */
export interface GradeVerdict {
  equal: boolean;
  gradable: boolean;
  extracted: string | null;
  extraction?: { text: string; start: number; end: number; method: string };
  kind: string;
  rule: string;
  reason: string;
  gold: { raw: string; normalized: string };
  pred: { raw: string; normalized: string } | null;
}

/**
 * Accuracy inversion (arXiv 2602.03516): a negative must NOT reach the gold answer. 1 when the
 * extracted answer differs from the gold, 0 when it equals it, null (unscorable) when the grader
 * cannot decide; the grader's own reason is kept (without `explain`, no reason: see compositeFor).
 */
export function accuracyInversion(verdict: GradeVerdict, explain = true): ComponentScore {
  if (!verdict.gradable) {
    return {
      name: "accuracy",
      value: null,
      weight: 0,
      reason: explain ? `not gradable: ${verdict.reason}` : "",
    };
  }
  return {
    name: "accuracy",
    value: verdict.equal ? 0 : 1,
    weight: 0,
    reason: !explain
      ? ""
      : verdict.equal
        ? `the answer equals the gold (${verdict.rule}): ${verdict.reason}`
        : `the answer differs from the gold (${verdict.rule}): ${verdict.reason}`,
  };
}
