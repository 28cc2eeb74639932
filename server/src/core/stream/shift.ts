import type { Position, Range } from "../format/ast";

/**
 * Moves a segment-relative position to the file: segments start at line starts, so the line and
 * the offset move and the character stays.
 */
export function shiftPosition(p: Position, line: number, offset: number): Position {
  return { line: p.line + line, character: p.character, offset: p.offset + offset };
}

export function shiftRange(r: Range, line: number, offset: number): Range {
  return { start: shiftPosition(r.start, line, offset), end: shiftPosition(r.end, line, offset) };
}

/** Inserts `item` after every element whose key is at most its own (stable, as if pushed last). */
export function insertAfterEqual<T>(list: T[], item: T, key: (t: T) => number): void {
  const k = key(item);
  let at = list.length;
  while (at > 0 && key(list[at - 1]) > k) at--;
  list.splice(at, 0, item);
}

/** Inserts `item` before every element whose key is at least its own (as if it came first). */
export function insertBeforeEqual<T>(list: T[], item: T, key: (t: T) => number): void {
  const k = key(item);
  let at = list.length;
  while (at > 0 && key(list[at - 1]) >= k) at--;
  list.splice(at, 0, item);
}
