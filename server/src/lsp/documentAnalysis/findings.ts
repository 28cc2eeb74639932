/**
 * What the LSP keeps per segment after analysis: findings with segment-relative ranges, ready to
 * be shifted to absolute LSP diagnostics. Produced from the parser's findings and the core
 * analysis; nothing here decides what is wrong, it only maps.
 */
import type { FindingFix } from "../../core/analysis/index";
import type { Range } from "../../core/format/ast";

export type ItemSeverity = "error" | "warning" | "info" | "hint";

export interface FindingItem {
  code: string;
  severity: ItemSeverity;
  message: string;
  range: Range;
  /** Index of the sample within the segment's problem, when the finding is about one sample. */
  sampleIndex?: number;
  /** Edits with segment-relative ranges; none in cached analyses (see analyzeSegment). */
  fixes?: readonly FindingFix[];
}
