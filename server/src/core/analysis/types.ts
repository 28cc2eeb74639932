import type { FindingSeverity } from "../config/settings";
import type { Range, Role } from "../format/ast";
import type { CompositeOutcome } from "../reward/composite";
import type { ComponentName, ComponentScore } from "../reward/types";

/** A replacement of `range` by `newText` (LSP `TextEdit` shape, with our positions). */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix the editor can apply to resolve or silence a finding. */
export interface FindingFix {
  title: string;
  edits: TextEdit[];
  /** The fix a user most likely wants (LSP `isPreferred`). */
  preferred?: boolean;
}

/** One diagnostic of the reward engine, at an absolute range of the file. */
export interface Finding {
  /** Stable code (docs/reward.md). */
  code: string;
  severity: FindingSeverity;
  message: string;
  range: Range;
  problemId?: string;
  sampleIndex?: number;
  fixes?: FindingFix[];
}

/** The grader's decision, as shown in reports. */
export interface VerdictSummary {
  equal: boolean;
  gradable: boolean;
  extracted: string | null;
  /** Where the extracted answer sits in the file. */
  extractedRange?: Range;
  rule: string;
  reason: string;
  gold: string;
}

/** The reward breakdown of one sample. */
export interface SampleReport {
  problemId: string;
  sampleIndex: number;
  role: Role;
  /** The whole sample (directive line through body). */
  range: Range;
  composite: number | null;
  outcome: CompositeOutcome;
  components: ComponentScore[];
  used: ComponentName[];
  reason: string;
  verdict: VerdictSummary;
  malformed: boolean;
  /** The first false arithmetic claim, if any. */
  firstSlip?: { text: string; range: Range };
}

export interface ProblemAnalysis {
  findings: Finding[];
  samples: SampleReport[];
}

export interface FileAnalysis {
  findings: Finding[];
  samples: SampleReport[];
}
