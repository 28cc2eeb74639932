import type { Body, Position, Range } from "../format/ast";

/**
 * Maps offsets in a body's text to file positions. Body text drops comment lines, the escaping `@`
 * of `@@` lines and `\r`; line numbers are exact, and absolute offsets assume the file's dominant
 * line end (with mixed line ends only `offset` may be off; line and character never are).
 */
export class BodyPositions {
  private lineStarts: number[] | undefined;

  constructor(
    private readonly body: Body,
    private readonly eolLength: number,
  ) {}

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const text = this.body.text;
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  position(offset: number): Position {
    const text = this.body.text;
    const starts = this.starts();
    const clamped = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    const bodyLine = lo;
    const column = clamped - starts[bodyLine];
    // Comment lines inside the body sit between text lines.
    let commentLines = 0;
    let commentChars = 0;
    for (const c of this.body.comments) {
      if (c.beforeLine <= bodyLine) {
        commentLines++;
        commentChars += c.range.end.offset - c.range.start.offset + this.eolLength;
      }
    }
    // Escaped lines (`@@x` holds `@x`) and every earlier escaped line shift the offset by one.
    let escapes = 0;
    for (let l = 0; l <= bodyLine; l++) if (text.charCodeAt(starts[l]) === 64) escapes++;
    const escapedHere = text.charCodeAt(starts[bodyLine]) === 64 ? 1 : 0;
    const start = this.body.range.start;
    // Line ends in the text are one `\n` each; the file's may be `\r\n`.
    const offsetInFile = start.offset + clamped + bodyLine * (this.eolLength - 1) + commentChars + escapes;
    return {
      line: start.line + bodyLine + commentLines,
      character: column + escapedHere,
      offset: offsetInFile,
    };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
