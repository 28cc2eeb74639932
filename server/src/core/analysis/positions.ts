import type { Body, Position, Range } from "../format/ast";

/**
 * Maps offsets in a body's text to file positions. Body text drops comment lines, the escaping `@`
 * of `@@` lines and `\r`; line numbers are exact, and absolute offsets assume the file's dominant
 * line end (with mixed line ends only `offset` may be off; line and character never are).
 * Per-line tables are built once, on first use; each lookup is a binary search.
 */
export class BodyPositions {
  private tables:
    | {
        starts: number[];
        /** Comment lines before each body line, and their length in the file. */
        commentLines: number[];
        commentChars: number[];
        /** Escaped (`@@`) lines up to and including each body line. */
        escapes: number[];
      }
    | undefined;

  constructor(
    private readonly body: Body,
    private readonly eolLength: number,
  ) {}

  private build(): NonNullable<BodyPositions["tables"]> {
    const text = this.body.text;
    const starts = [0];
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    const commentLines = new Array<number>(starts.length).fill(0);
    const commentChars = new Array<number>(starts.length).fill(0);
    for (const c of this.body.comments) {
      // Trailing comments (after the last line) move no line of the text.
      if (c.beforeLine >= starts.length) continue;
      const at = Math.max(c.beforeLine, 0);
      commentLines[at] += 1;
      commentChars[at] += c.range.end.offset - c.range.start.offset + this.eolLength;
    }
    const escapes = new Array<number>(starts.length).fill(0);
    let escaped = 0;
    let lines = 0;
    let chars = 0;
    for (let l = 0; l < starts.length; l++) {
      if (text.charCodeAt(starts[l]) === 64) escaped++;
      escapes[l] = escaped;
      lines += commentLines[l];
      chars += commentChars[l];
      commentLines[l] = lines;
      commentChars[l] = chars;
    }
    return { starts, commentLines, commentChars, escapes };
  }

  private lookups = 0;

  /**
   * A few lookups in a body without comments (the common case: an answer, a slip) scan the text
   * directly; tables pay off only for many lookups or interleaved comments.
   */
  private scan(offset: number): Position {
    const text = this.body.text;
    let line = 0;
    let lineStart = 0;
    let escapes = text.charCodeAt(0) === 64 ? 1 : 0;
    for (let nl = text.indexOf("\n"); nl >= 0 && nl < offset; nl = text.indexOf("\n", nl + 1)) {
      line++;
      lineStart = nl + 1;
      if (text.charCodeAt(lineStart) === 64) escapes++;
    }
    const escapedHere = text.charCodeAt(lineStart) === 64 ? 1 : 0;
    const start = this.body.range.start;
    return {
      line: start.line + line,
      character: offset - lineStart + escapedHere,
      offset: start.offset + offset + line * (this.eolLength - 1) + escapes,
    };
  }

  position(offset: number): Position {
    const text = this.body.text;
    const clampedOffset = Math.max(0, Math.min(offset, text.length));
    if (!this.tables && this.body.comments.length === 0 && ++this.lookups <= 8)
      return this.scan(clampedOffset);
    const t = (this.tables ??= this.build());
    const starts = t.starts;
    const clamped = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    const line = lo;
    const column = clamped - starts[line];
    const escapedHere = text.charCodeAt(starts[line]) === 64 ? 1 : 0;
    const start = this.body.range.start;
    // Line ends in the text are one `\n` each; the file's may be `\r\n`.
    return {
      line: start.line + line + t.commentLines[line],
      character: column + escapedHere,
      offset: start.offset + clamped + line * (this.eolLength - 1) + t.commentChars[line] + t.escapes[line],
    };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
