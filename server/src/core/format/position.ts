import type { Position, Range } from "./ast";

/** A position on a line whose first character is at `lineStart` (UTF-16 offsets into the source). */
export function positionOn(line: number, lineStart: number, offset: number): Position {
  return { line, character: offset - lineStart, offset };
}

/** A range within one line. */
export function rangeOn(line: number, lineStart: number, start: number, end: number): Range {
  return { start: positionOn(line, lineStart, start), end: positionOn(line, lineStart, end) };
}

export function emptyRange(at: Position): Range {
  return { start: at, end: at };
}

/**
 * Finds the position of an offset by scanning the text for line ends (`\n`; a `\r` before it is
 * part of the line end). Linear: for the rare positions computed outside the parser's own pass.
 */
export function positionAt(text: string, offset: number): Position {
  const target = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let lineStart = 0;
  for (let nl = text.indexOf("\n"); nl !== -1 && nl < target; nl = text.indexOf("\n", nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, character: target - lineStart, offset: target };
}
