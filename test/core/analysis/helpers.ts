import type { Position, Range } from "../../../server/src/core/format/index";

/** The offset a line/character pair points at in `text`, computed independently of the engine. */
export function offsetOf(text: string, position: Pick<Position, "line" | "character">): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) throw new Error(`line ${position.line} is past the end`);
    offset = nl + 1;
  }
  return offset + position.character;
}

/** The source text a range covers, checking that its offsets and line/character agree. */
export function covered(text: string, range: Range): string {
  const start = offsetOf(text, range.start);
  const end = offsetOf(text, range.end);
  if (start !== range.start.offset || end !== range.end.offset) {
    throw new Error(
      `range offsets ${range.start.offset}-${range.end.offset} disagree with line/character (${start}-${end})`,
    );
  }
  return text.slice(start, end);
}
