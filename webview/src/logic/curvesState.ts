/**
 * The curves panel's data, updated by host messages: per run, its steps (ascending) and one
 * column per metric aligned with them (null where a log event did not carry the metric). Rows of
 * the same step merge (TRL logs train and eval metrics as separate events at one step).
 */
import type { CurvesInbound, LoggedSample, MetricColumns, MetricRow, RunInfo } from "../shared/protocol";

export interface RunSeries {
  info: RunInfo;
  steps: number[];
  columns: Map<string, (number | null)[]>;
}

export interface CurvesState {
  runs: Map<string, RunSeries>;
  /** Every metric seen, in first-seen order. */
  metrics: string[];
  samples?: { run: string; step: number; samples: LoggedSample[]; note?: string };
  error?: string;
  /** Bumped on every change, so the view redraws only what changed since it last looked. */
  version: number;
}

export function emptyCurves(): CurvesState {
  return { runs: new Map(), metrics: [], version: 0 };
}

function column(run: RunSeries, metric: string): (number | null)[] {
  let col = run.columns.get(metric);
  if (!col) {
    col = new Array<number | null>(run.steps.length).fill(null);
    run.columns.set(metric, col);
  }
  return col;
}

function addRow(state: CurvesState, run: RunSeries, row: MetricRow): void {
  const { steps } = run;
  let at = steps.length;
  if (at > 0 && steps[at - 1] >= row.step) {
    // Rare: a merged or out-of-order step (a resumed run re-logging): binary search its place.
    let lo = 0;
    let hi = steps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (steps[mid] < row.step) lo = mid + 1;
      else hi = mid;
    }
    at = lo;
  }
  if (steps[at] !== row.step) {
    steps.splice(at, 0, row.step);
    for (const col of run.columns.values()) col.splice(at, 0, null);
  }
  for (const [metric, value] of Object.entries(row.values)) {
    if (!run.columns.has(metric) && !state.metrics.includes(metric)) state.metrics.push(metric);
    column(run, metric)[at] = value;
  }
}

/** Rows to columns (host side, before posting). */
export function toColumns(rows: MetricRow[]): MetricColumns {
  const steps = rows.map((r) => r.step);
  const values: Record<string, (number | null)[]> = {};
  rows.forEach((row, i) => {
    for (const [metric, v] of Object.entries(row.values)) {
      (values[metric] ??= new Array<number | null>(rows.length).fill(null))[i] = v;
    }
  });
  return { steps, values };
}

/** Appends columns; the common case (steps ascending past the run's last) is a straight copy. */
function addColumns(state: CurvesState, run: RunSeries, cols: MetricColumns): void {
  const { steps } = cols;
  let ascending = steps.length === 0 || run.steps.length === 0 || steps[0] > run.steps[run.steps.length - 1];
  for (let i = 1; ascending && i < steps.length; i++) ascending = steps[i] > steps[i - 1];
  if (!ascending) {
    steps.forEach((step, i) => {
      const values: Record<string, number | null> = {};
      for (const [metric, col] of Object.entries(cols.values))
        if (col[i] !== null && col[i] !== undefined) values[metric] = col[i];
      addRow(state, run, { step, values });
    });
    return;
  }
  const before = run.steps.length;
  for (const step of steps) run.steps.push(step);
  for (const [metric, col] of Object.entries(cols.values)) {
    if (!run.columns.has(metric) && !state.metrics.includes(metric)) state.metrics.push(metric);
    const target = column(run, metric);
    // column() sized a new column to the steps already pushed: trim back to `before` first.
    target.length = before;
    for (let i = 0; i < steps.length; i++) target.push(col[i] ?? null);
  }
  for (const col of run.columns.values()) while (col.length < run.steps.length) col.push(null);
}

export function reduceCurves(state: CurvesState, message: CurvesInbound): CurvesState {
  switch (message.type) {
    case "curves/runs": {
      const runs = new Map<string, RunSeries>();
      for (const info of message.runs) {
        const old = state.runs.get(info.id);
        runs.set(info.id, old ? { ...old, info } : { info, steps: [], columns: new Map() });
      }
      return { ...state, runs, version: state.version + 1 };
    }
    case "curves/rows": {
      const old = state.runs.get(message.run);
      if (!old) return state;
      const run: RunSeries = message.reset ? { info: old.info, steps: [], columns: new Map() } : old;
      for (const row of message.rows) addRow(state, run, row);
      state.runs.set(message.run, run);
      return { ...state, version: state.version + 1 };
    }
    case "curves/columns": {
      const old = state.runs.get(message.run);
      if (!old) return state;
      const run: RunSeries = message.reset ? { info: old.info, steps: [], columns: new Map() } : old;
      addColumns(state, run, message.columns);
      state.runs.set(message.run, run);
      return { ...state, version: state.version + 1 };
    }
    case "curves/samples":
      return {
        ...state,
        samples: { run: message.run, step: message.step, samples: message.samples, note: message.note },
        version: state.version + 1,
      };
    case "curves/error":
      return { ...state, error: message.message, version: state.version + 1 };
  }
}

/**
 * Several runs on one x axis (uPlot wants one shared x array): the sorted union of their steps,
 * each run's column spread onto it with nulls where the run has no point.
 */
export function joinRuns(series: { steps: number[]; values: (number | null)[] }[]): {
  x: number[];
  ys: (number | null)[][];
} {
  const same = series.every((s) => s.steps === series[0].steps || sameSteps(s.steps, series[0].steps));
  if (same) return { x: series[0]?.steps ?? [], ys: series.map((s) => s.values) };
  const all = new Set<number>();
  for (const s of series) for (const step of s.steps) all.add(step);
  const x = [...all].sort((p, q) => p - q);
  const index = new Map(x.map((step, i) => [step, i]));
  const ys = series.map((s) => {
    const y = new Array<number | null>(x.length).fill(null);
    s.steps.forEach((step, i) => (y[index.get(step)!] = s.values[i]));
    return y;
  });
  return { x, ys };
}

function sameSteps(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
