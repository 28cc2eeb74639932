/**
 * The paper's table as `python -m pns_jobs.compare` writes it (`table.json`), read for the
 * comparison panel. The file is data from a run folder, untrusted: every field is checked and
 * copied into the panel's own shape (strings capped), so nothing else reaches the webview. Pure.
 */
import type { CompareCell, CompareRow, CompareTable } from "../../../../webview/src/shared/protocol";

const MAX_TEXT = 2_000;
const MAX_ROWS = 1_000;
const MAX_BENCHMARKS = 64;

export class CompareTableError extends Error {}

const text = (value: unknown, what: string): string => {
  if (typeof value !== "string") throw new CompareTableError(`${what} must be a string`);
  return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
};
const finite = (value: unknown, what: string): number => {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new CompareTableError(`${what} must be a number`);
  return value;
};

function cell(raw: unknown, what: string): CompareCell | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== "object") throw new CompareTableError(`${what} must be an object or null`);
  const c = raw as Record<string, unknown>;
  const ci = c.ci95;
  if (!Array.isArray(ci) || ci.length !== 2) throw new CompareTableError(`${what}.ci95 must be [low, high]`);
  return {
    pass1: finite(c["pass@1"], `${what}["pass@1"]`),
    low: finite(ci[0], `${what}.ci95[0]`),
    high: finite(ci[1], `${what}.ci95[1]`),
    problems: typeof c.problems === "number" ? c.problems : undefined,
  };
}

/** The table from table.json's text; throws CompareTableError saying which field is wrong. */
export function parseCompareTable(source: string): CompareTable {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    throw new CompareTableError(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new CompareTableError("a table is a JSON object");
  const t = data as Record<string, unknown>;
  if (!Array.isArray(t.benchmarks) || t.benchmarks.length > MAX_BENCHMARKS)
    throw new CompareTableError(`benchmarks must be a list (at most ${MAX_BENCHMARKS})`);
  const benchmarks = t.benchmarks.map((b, i) => text(b, `benchmarks[${i}]`));
  if (!Array.isArray(t.rows) || t.rows.length > MAX_ROWS)
    throw new CompareTableError(`rows must be a list (at most ${MAX_ROWS})`);
  const rows: CompareRow[] = t.rows.map((raw, i) => {
    if (typeof raw !== "object" || raw === null) throw new CompareTableError(`rows[${i}] must be an object`);
    const r = raw as Record<string, unknown>;
    const cells = (r.benchmarks ?? {}) as Record<string, unknown>;
    if (typeof cells !== "object") throw new CompareTableError(`rows[${i}].benchmarks must be an object`);
    return {
      backbone: text(r.backbone, `rows[${i}].backbone`),
      arm: text(r.arm, `rows[${i}].arm`),
      run: typeof r.eval === "string" ? text(r.eval, `rows[${i}].eval`) : undefined,
      model: typeof r.model === "string" ? text(r.model, `rows[${i}].model`) : undefined,
      cells: benchmarks.map((name) =>
        Object.hasOwn(cells, name) ? cell(cells[name], `rows[${i}].benchmarks.${name}`) : null,
      ),
      average: cell(r.average, `rows[${i}].average`),
    };
  });
  return {
    benchmarks,
    rows,
    metric: typeof t.metric === "string" ? text(t.metric, "metric") : "pass@1",
    codeVersion: typeof t.code_version === "string" ? text(t.code_version, "code_version") : undefined,
    machine: typeof t.machine === "string" ? text(t.machine, "machine") : undefined,
  };
}
