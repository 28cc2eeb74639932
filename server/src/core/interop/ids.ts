import { IdIndex } from "../stream/idIndex";
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
 * ids, and a collision never renames a problem that came earlier. Each id remembers the input
 * line it was given on (for the message about a renamed one); the table is compact (IdIndex),
 * as a streamed import of millions of rows keeps every id.
 */
export class IdAllocator {
  private readonly taken = new IdIndex();

  /**
   * Returns `wanted` or its first free suffixed form, and whether it had to be renamed; when it
   * was, `takenOn` is the line `wanted` was given on.
   */
  allocate(
    wanted: string,
    line = 0,
  ): { id: string; renamed: false } | { id: string; renamed: true; takenOn: number } {
    const takenOn = this.taken.firstLineOrAdd(wanted, line);
    if (takenOn === undefined) return { id: wanted, renamed: false };
    for (let n = 2; ; n++) {
      const candidate = `${wanted}-${n}`;
      if (this.taken.firstLineOrAdd(candidate, line) === undefined)
        return { id: candidate, renamed: true, takenOn };
    }
  }
}
