/**
 * `metrics.jsonl` lines (jobs/pns_jobs/metrics.py) to rows: `step` plus every numeric value.
 * Non-numeric values (strings, nested objects) are left out; null stays null (NaN/inf as written
 * by the job). A bad line is an error with its line number, and the rest of the file still reads.
 */
import type { MetricRow } from "../../../webview/src/shared/protocol";

export type ParsedLine = { row: MetricRow } | { error: string } | { skip: true };

export function parseMetricLine(line: string, lineNumber: number, file: string): ParsedLine {
  if (line.trim() === "") return { skip: true };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { error: `${file}:${lineNumber}:1: not JSON (${(error as Error).message})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { error: `${file}:${lineNumber}:1: expected a JSON object` };
  const record = value as Record<string, unknown>;
  const step = record.step;
  if (typeof step !== "number" || !Number.isFinite(step))
    return { error: `${file}:${lineNumber}:1: no numeric "step"` };
  const values: Record<string, number | null> = {};
  for (const [key, v] of Object.entries(record)) {
    if (key === "step") continue;
    if (typeof v === "number" && Number.isFinite(v)) values[key] = v;
    else if (v === null) values[key] = null;
  }
  return { row: { step, values } };
}
