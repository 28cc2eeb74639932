import { shortHash } from "./hash";

/** The `.pns` id charset (docs/format.md). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/;

/**
 * Maps a source id onto the id charset. A valid id is kept as it is; otherwise accents are
 * dropped (`Übung` → `Ubung`), characters outside the charset at either end are removed and every
 * inner run of them becomes one `-`. Returns null when nothing usable is left (the caller then
 * falls back to a content id).
 */
export function sanitizeId(raw: string): string | null {
  if (ID_PATTERN.test(raw)) return raw;
  const id = raw
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/[^A-Za-z0-9_.:/-]+$/, "")
    .replace(/[^A-Za-z0-9_.:/-]+/g, "-");
  return id.length > 0 ? id : null;
}

/** A stable id from content: `<prefix>-<8 hex digits of the text's hash>`, e.g. `gsm8k-3f2a9c1b`. */
export function contentId(prefix: string, text: string): string {
  return `${prefix}-${shortHash(text)}`;
}

/**
 * Hands out unique ids in input order. A taken id gets the first free `-2`, `-3`, … suffix, so the
 * result depends only on the order of the input rows: importing the same file twice gives the same
 * ids, and a collision never renames a problem that came earlier.
 */
export class IdAllocator {
  private readonly taken = new Set<string>();

  /** Returns `wanted` or its first free suffixed form, and whether it had to be renamed. */
  allocate(wanted: string): { id: string; renamed: boolean } {
    if (!this.taken.has(wanted)) {
      this.taken.add(wanted);
      return { id: wanted, renamed: false };
    }
    for (let n = 2; ; n++) {
      const candidate = `${wanted}-${n}`;
      if (!this.taken.has(candidate)) {
        this.taken.add(candidate);
        return { id: candidate, renamed: true };
      }
    }
  }
}
