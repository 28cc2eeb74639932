/** Metadata keys on `.pns` directives (docs/format.md). */
export const META_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Maps a column name onto the key charset (`a b` → `a_b`, `1st` → `_1st`); null when empty. */
export function sanitizeMetaKey(raw: string): string | null {
  if (raw.length === 0) return null;
  const replaced = raw.replace(/[^A-Za-z0-9_.-]/g, "_");
  return /^[A-Za-z_]/.test(replaced) ? replaced : `_${replaced}`;
}

/**
 * A metadata value as a string. Values are always strings in `.pns`; numbers and booleans from
 * JSON are written as JSON writes them (so a JSON `3.10` arrives as `3.1`: quote it in the source
 * to keep it). Null means "no value" and is skipped; arrays and objects are kept as compact JSON.
 */
export function metaValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Ordered key/value pairs; later duplicates of a key are ignored (first one wins). */
export type MetaPairs = [key: string, value: string][];

/** Adds a pair unless the key is already there. */
export function addMeta(pairs: MetaPairs, key: string, value: string): void {
  if (!pairs.some(([k]) => k === key)) pairs.push([key, value]);
}
