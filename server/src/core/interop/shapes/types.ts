import type { LineComment, SampleSpec } from "../build";
import type { MetaPairs } from "../meta";

/** The JSONL shapes `pns import` reads; see docs/interop.md. */
export type ShapeName = "gsm8k" | "math" | "trl" | "pns-jsonl";

/** Something wrong with one input row. `field` names the top-level key it is about, if any. */
export interface RowIssue {
  severity: "error" | "warning";
  /** Stable code, e.g. `missing-field`, `invalid-field`, `missing-answer`. */
  code: string;
  message: string;
  field?: string;
}

/** One input row, converted: a problem (or a part of one, for shapes that group rows). */
export interface ImportRow {
  /** The source's own id, before sanitizing; absent when the row has none. */
  id?: string;
  statement: string;
  /** Null when the row has no gold answer (the importer reports `missing-answer`). */
  answer: string | null;
  /** Where the answer came from: an answer column beats one read from a `\boxed{}`. */
  answerFrom: "field" | "boxed" | "none";
  meta: MetaPairs;
  samples: SampleSpec[];
  /** Rows with the same key are one problem (TRL pairs grouped by prompt); absent: never merged. */
  groupKey?: string;
  /** Comments carried by the lossless JSONL form. */
  comments?: {
    leading?: string[];
    statement?: LineComment[];
    answerLeading?: string[];
    answer?: LineComment[];
    file?: string[];
    trailing?: string[];
  };
}

export type RowResult = { ok: true; row: ImportRow; issues: RowIssue[] } | { ok: false; error: RowIssue };

export interface ImportOptions {
  /** GSM8K: drop `<<48/2=24>>` calculator annotations from solutions (default: keep them). */
  stripCalculator?: boolean;
}

/** A row object: a parsed JSON line known to be a plain object. */
export type JsonRow = Record<string, unknown>;

export interface Shape {
  name: ShapeName;
  /** Prefix of content-derived ids, e.g. `gsm8k` in `gsm8k-3f2a9c1b`. */
  idPrefix: string;
  /** Whether the row has this shape's required fields (used to detect the shape of a file). */
  matches(row: JsonRow): boolean;
  convert(row: JsonRow, options: ImportOptions): RowResult;
}
