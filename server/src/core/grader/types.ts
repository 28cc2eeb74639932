/** Where a final answer was found in a response; offsets index the ORIGINAL response string. */
export interface Extraction {
  /** The answer text (for joined boxes, the parts joined with ", "). */
  text: string;
  /** Offset of the first character of the answer in the response. */
  start: number;
  /** Offset just past the last character of the answer in the response. */
  end: number;
  /** Which rule found it, e.g. "boxed", "final-answer-sentence", "last-number". */
  method: ExtractionMethod;
}

export type ExtractionMethod =
  | "final-answer-sentence"
  | "boxed"
  | "gsm8k"
  | "answer-phrase"
  | "whole-response"
  | "conclusion"
  | "latex-math"
  | "last-number";

/** The grader's decision with everything needed to explain it. */
export interface Verdict {
  equal: boolean;
  /** False when the pair could not be judged (no answer, over a size bound); `equal` is then false. */
  gradable: boolean;
  /** The answer text compared on the prediction side (after extraction), or null when none. */
  extracted: string | null;
  extraction?: Extraction;
  /** For `gradeResponse` with a gold that is a whole solution: where its answer was found. */
  goldExtraction?: Extraction;
  /** The value kind the comparison ran on, e.g. "number", "expression", "set", "interval". */
  kind: string;
  /** The rule that decided, e.g. "identical", "exact-rational", "decimal-precision", "sampling". */
  rule: string;
  /** One human-readable sentence: what was compared and why the verdict follows. */
  reason: string;
  gold: { raw: string; normalized: string };
  pred: { raw: string; normalized: string } | null;
}

/** Result of `normalizeAnswer`: the detected kind and a canonical display string. */
export interface NormalizedAnswer {
  kind: string;
  normalized: string;
}
