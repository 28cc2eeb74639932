/**
 * The overview's filter and sort over sample rows: by finding code, composite range, role,
 * metadata (`key=value`) and a text or /regex/ search on problem id, answers and metadata.
 * The bulk actions act on exactly the rows this returns.
 */
import type { OverviewRow } from "../shared/protocol";

export interface OverviewFilter {
  code?: string;
  role?: "positive" | "negative";
  /** Inclusive composite range; rows without a composite fail any range. */
  min?: number;
  max?: number;
  /** `key=value`, or `key` alone for "has key". */
  meta?: string;
  /** Plain text (case-insensitive) or `/regex/flags`. */
  search?: string;
}

export type SortKey = "problem" | "role" | "composite" | "chars" | "findings" | `component:${string}`;

export interface SortSpec {
  key: SortKey;
  descending: boolean;
}

/** A search that is a /regex/ compiles to one; a bad regex is reported, not thrown. */
export function compileSearch(search: string | undefined): { test: (s: string) => boolean; error?: string } {
  if (!search) return { test: () => true };
  const re = /^\/(.*)\/([imsu]*)$/s.exec(search);
  if (re) {
    try {
      const regex = new RegExp(re[1], re[2]);
      return { test: (s) => regex.test(s) };
    } catch (error) {
      return { test: () => false, error: (error as Error).message };
    }
  }
  const needle = search.toLowerCase();
  return { test: (s) => s.toLowerCase().includes(needle) };
}

function metaTest(meta: string | undefined): (row: OverviewRow) => boolean {
  if (!meta) return () => true;
  const eq = meta.indexOf("=");
  if (eq < 0) return (row) => meta in row.meta;
  const key = meta.slice(0, eq).trim();
  const value = meta.slice(eq + 1).trim();
  return (row) => row.meta[key] === value;
}

export function filterRows(
  rows: OverviewRow[],
  filter: OverviewFilter,
): { rows: OverviewRow[]; error?: string } {
  const search = compileSearch(filter.search);
  const meta = metaTest(filter.meta);
  const ranged = filter.min !== undefined || filter.max !== undefined;
  const out = rows.filter((row) => {
    if (filter.code && !row.codes.includes(filter.code)) return false;
    if (filter.role && row.role !== filter.role) return false;
    if (ranged) {
      if (row.composite === null) return false;
      if (filter.min !== undefined && row.composite < filter.min) return false;
      if (filter.max !== undefined && row.composite > filter.max) return false;
    }
    if (!meta(row)) return false;
    if (filter.search) {
      // Field by field, so `^…$` anchors a whole id, answer, `key=value` or code.
      const fields = [
        row.problemId,
        row.extracted ?? "",
        row.gold ?? "",
        ...Object.entries(row.meta).map(([k, v]) => `${k}=${v}`),
        ...row.codes,
      ];
      if (!fields.some((f) => search.test(f))) return false;
    }
    return true;
  });
  return search.error ? { rows: out, error: search.error } : { rows: out };
}

function sortValue(row: OverviewRow, key: SortKey): string | number | null {
  switch (key) {
    case "problem":
      return row.problemId;
    case "role":
      return row.role;
    case "composite":
      return row.composite;
    case "chars":
      return row.chars;
    case "findings":
      return row.codes.length;
    default:
      return row.components[key.slice("component:".length)] ?? null;
  }
}

/** Stable sort; missing values (unscored) always sort last, whatever the direction. */
export function sortRows(rows: OverviewRow[], sort: SortSpec): OverviewRow[] {
  const sign = sort.descending ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i, v: sortValue(row, sort.key) }))
    .sort((p, q) => {
      if (p.v === null || q.v === null) return p.v === q.v ? p.i - q.i : p.v === null ? 1 : -1;
      const c =
        typeof p.v === "number" && typeof q.v === "number"
          ? p.v - q.v
          : String(p.v).localeCompare(String(q.v), undefined, { numeric: true });
      return c !== 0 ? sign * c : p.i - q.i;
    })
    .map((x) => x.row);
}

/** Every metadata key with its distinct values (for the metadata filter's suggestions). */
export function metaValues(rows: OverviewRow[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const row of rows)
    for (const [k, v] of Object.entries(row.meta)) (out.get(k) ?? out.set(k, new Set()).get(k)!).add(v);
  return out;
}
