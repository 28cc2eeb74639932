/**
 * Language-server requests behind the review webviews (diff and overview panels). The extension
 * host asks; the webviews never talk to the server. Plain JSON only: offsets are UTF-16 indices
 * into a sample's `text` (the body as shown, comments excluded), ranges are absolute LSP ranges.
 */
import { RequestType } from "vscode-languageserver-protocol";
import type { PnsRange, ProblemView, SampleView } from "./index";

/** A half-open span `[start, end)` of a sample's text. */
export interface TextSpan {
  start: number;
  end: number;
}

/** The grader's decision on one sample's final answer, for display. */
export interface VerdictView {
  equal: boolean;
  gradable: boolean;
  rule: string;
  reason: string;
}

/** One side of a pair: the sample plus the spans the diff panel marks. */
export interface PairSide extends SampleView {
  /** Where the final answer sits in `text`, when one was extracted. */
  answer: TextSpan | null;
  /** The first step where the two sides part (on both sides, from the core's step alignment). */
  divergence: TextSpan | null;
  /** The first false arithmetic claim in `text`, e.g. `17 \cdot 6 = 112`. */
  slip: (TextSpan & { text: string; expected: string }) | null;
  verdict: VerdictView | null;
}

export interface PanelPairParams {
  uri: string;
  problemId: string;
  /** The rejected side (usually a negative). */
  sampleIndex: number;
  /** The chosen side; defaults to the problem's first positive. */
  withIndex?: number;
}

export interface PanelPair {
  problem: ProblemView;
  chosen: PairSide;
  rejected: PairSide;
}

/** Client → server: both sides of a pair with divergence, slip and answer spans (diff panel). */
export const PanelPairRequest = new RequestType<PanelPairParams, PanelPair | null, void>("pns/panelPair");

/** One sample as a row of the dataset overview. */
export interface OverviewRow {
  uri: string;
  problemId: string;
  sampleIndex: number;
  role: "positive" | "negative";
  meta: Record<string, string>;
  gold: string | null;
  extracted: string | null;
  correct: boolean | null;
  composite: number | null;
  /** Component values by name (`format`, `accuracy`, `rewardModel`, `judge`, `localCot`). */
  components: Record<string, number | null>;
  /** Codes of the findings on this sample, with repeats. */
  codes: string[];
  /** Length of the response in characters. */
  chars: number;
  range: PnsRange;
}

export interface PanelOverviewParams {
  uri: string;
}

export interface OverviewData {
  uri: string;
  problems: number;
  rows: OverviewRow[];
  /** Every finding of the file by code, problem- and file-level ones included. */
  findings: Record<string, number>;
  /** The components the rows have, in display order, with the label to show for each. */
  components: { name: string; label: string }[];
}

/** Client → server: every sample's scores and findings of a document (overview panel). */
export const PanelOverviewRequest = new RequestType<PanelOverviewParams, OverviewData | null, void>(
  "pns/panelOverview",
);
