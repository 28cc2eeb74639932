/**
 * Messages between the extension host (client/src/panels) and the webviews, in both directions,
 * defined once and imported by both sides. Only plain JSON crosses: the host posts with
 * `webview.postMessage`, a webview with `acquireVsCodeApi().postMessage`.
 */
import type { OverviewData, PanelPair, PanelPairParams } from "../../../server/src/protocol/panels";

export type {
  OverviewData,
  OverviewRow,
  PairSide,
  PanelPair,
  TextSpan,
} from "../../../server/src/protocol/panels";

/** The panels, each one browser bundle `dist/webview/<kind>.js`. */
export type PanelKind = "curves" | "diff" | "overview" | "compare";

/** One logged event of a run: `step` plus numeric metrics (null for NaN/inf as the jobs write). */
export interface MetricRow {
  step: number;
  values: Record<string, number | null>;
}

/** Rows by column: `steps[i]` with `values[metric][i]` (null where a row lacks the metric). */
export interface MetricColumns {
  steps: number[];
  values: Record<string, (number | null)[]>;
}

export interface RunInfo {
  /** Stable id: the run directory's path. */
  id: string;
  /** Short label for legends: the directory name. */
  label: string;
  /** Whether `samples.jsonl` exists, so points can open the samples behind them. */
  hasSamples: boolean;
  /** `running`, `succeeded`, ... from `status.json`, when known. */
  state?: string;
}

/** One logged sample behind a point (a line of `samples.jsonl`; see docs/webviews.md). */
export interface LoggedSample {
  step: number;
  kind: "rollout" | "pair";
  prompt: string;
  /** Rollouts: the completion. */
  completion?: string;
  /** Pairs: both sides. */
  chosen?: string;
  rejected?: string;
  reward?: number;
  margin?: number;
  /** Whatever else the job logged (components, gold, verdict), shown as key/value text. */
  extra?: Record<string, string | number | boolean | null>;
}

/** Host → curves webview. */
export type CurvesInbound =
  | { type: "curves/runs"; runs: RunInfo[] }
  /** Rows appended to a run; `reset` first drops what the webview had for it (file rewritten). */
  | { type: "curves/rows"; run: string; rows: MetricRow[]; reset?: boolean }
  /**
   * The same rows by column: what the host sends, since columns of numbers cost a fifth of row
   * objects to clone across the webview boundary (100,000 rows: ~30 ms instead of ~150 ms).
   */
  | { type: "curves/columns"; run: string; columns: MetricColumns; reset?: boolean }
  | { type: "curves/samples"; run: string; step: number; samples: LoggedSample[]; note?: string }
  | { type: "curves/error"; message: string };

/** Curves webview → host. */
export type CurvesOutbound =
  | { type: "ready" }
  | { type: "curves/openSamples"; run: string; step: number; metric: string }
  | { type: "curves/addRun" }
  | { type: "export"; format: "png" | "csv"; name: string; data: string };

/** Which pair of how many the diff panel shows (for next/previous). */
export interface PairPosition {
  index: number;
  total: number;
}

/** Host → diff webview. */
export type DiffInbound =
  | { type: "diff/pair"; pair: PanelPair; position: PairPosition; request: PanelPairParams }
  | { type: "diff/empty"; message: string }
  /** The outcome of a triage action, shown in the status line. */
  | { type: "diff/applied"; ok: boolean; message: string };

export type TriageAction = "accept" | "reject" | "swap" | "flag";

/** Diff webview → host. */
export type DiffOutbound =
  | { type: "ready" }
  | { type: "diff/navigate"; delta: 1 | -1 }
  | { type: "diff/triage"; action: TriageAction; request: PanelPairParams }
  | { type: "diff/openDiffEditor"; request: PanelPairParams }
  | { type: "reveal"; uri: string; line: number };

/** Bulk actions over the overview's current filter. */
export type BulkAction = "drop" | "accept" | "reject" | "flag";

export interface SampleRef {
  uri: string;
  problemId: string;
  sampleIndex: number;
}

/** Host → overview webview. */
export type OverviewInbound =
  { type: "overview/data"; data: OverviewData } | { type: "overview/applied"; ok: boolean; message: string };

/** Overview webview → host. */
export type OverviewOutbound =
  | { type: "ready" }
  | { type: "reveal"; uri: string; line: number }
  | { type: "overview/compare"; target: SampleRef }
  /** The host asks for confirmation (modal) before applying one WorkspaceEdit. */
  | { type: "overview/bulk"; action: BulkAction; targets: SampleRef[]; description: string };

export type Inbound = CurvesInbound | DiffInbound | OverviewInbound | CompareInbound;
export type Outbound = CurvesOutbound | DiffOutbound | OverviewOutbound | CompareOutbound;

/** One cell of the paper's table: pass@1 and its 95 % interval, as fractions. */
export interface CompareCell {
  pass1: number;
  low: number;
  high: number;
  problems?: number;
}

/** One row: a backbone under one arm (`baseline`, `rs-dpo`, `pns-dpo`), cells in benchmark order. */
export interface CompareRow {
  backbone: string;
  arm: string;
  /** The eval run directory the row came from. */
  run?: string;
  model?: string;
  cells: (CompareCell | null)[];
  average: CompareCell | null;
}

/** `table.json` of `python -m pns_jobs.compare`, checked by the host (client/src/panels/compare). */
export interface CompareTable {
  benchmarks: string[];
  rows: CompareRow[];
  metric: string;
  codeVersion?: string;
  machine?: string;
}

/** Host → comparison webview: the table and the file it came from, or why it cannot be shown. */
export type CompareInbound =
  | { type: "compare/table"; file: string; table: CompareTable }
  | { type: "compare/error"; file: string; message: string };

/** Comparison webview → host. */
export type CompareOutbound = { type: "ready" };
