import { addMeta, type MetaPairs, metaValue, sanitizeMetaKey } from "../meta";
import type { JsonRow, RowIssue, RowResult } from "./types";

/** A failed conversion naming the field at fault. */
export function fieldError(field: string, code: string, message: string): RowResult {
  return { ok: false, error: { severity: "error", code, field, message } };
}

export function missingField(field: string, shape: string, expected: string): RowResult {
  return fieldError(field, "missing-field", `${shape} row lacks "${field}" (${expected})`);
}

export function wrongType(field: string, expected: string, value: unknown): RowResult {
  return fieldError(field, "invalid-field", `"${field}" must be ${expected}, not ${describe(value)}`);
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** An `id` column as a string (numbers allowed: many datasets number their rows). */
export function rowId(row: JsonRow): string | undefined {
  const id = row.id;
  if (typeof id === "string" && id.trim().length > 0) return id;
  if (typeof id === "number" && Number.isFinite(id)) return String(id);
  return undefined;
}

/** An answer column (`answer` or `gold`) as a string, when it holds a string or a number. */
export function answerColumn(row: JsonRow, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = row[name];
    if (typeof value === "string" && value.trim().length > 0) return value.trim();
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/**
 * Problem metadata: `source=<shape>` unless the row has its own `source`, then every other
 * scalar column not in `consumed`, in row order, as strings (docs/interop.md). Columns holding
 * lists or objects (a `messages` copy of the conversation, say) would put kilobytes of JSON on the
 * directive line, so they are skipped with a warning. Column names outside the key charset are
 * renamed, with a warning.
 */
export function columnsAsMeta(
  row: JsonRow,
  source: string,
  consumed: ReadonlySet<string>,
  issues: RowIssue[],
): MetaPairs {
  const pairs: MetaPairs = [];
  addMeta(pairs, "source", metaValue(row.source) ?? source);
  for (const [column, value] of Object.entries(row)) {
    if (consumed.has(column) || column === "source") continue;
    if (typeof value === "object" && value !== null) {
      issues.push({
        severity: "warning",
        code: "skipped-column",
        field: column,
        message: `column "${column}" holds ${describe(value)}, not a value: not imported`,
      });
      continue;
    }
    const text = metaValue(value);
    const key = sanitizeMetaKey(column);
    if (text === null || key === null) continue;
    if (key !== column) {
      issues.push({
        severity: "warning",
        code: "renamed-key",
        field: column,
        message: `column "${column}" is written as metadata key "${key}"`,
      });
    }
    addMeta(pairs, key, text);
  }
  return pairs;
}
