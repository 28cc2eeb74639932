import type { Body, BodyComment, Comment, Position } from "./ast";

/** A run of blank lines waiting at the end of a body (see {@link BodyBuilder}). */
interface BlankRun {
  blank: true;
  count: number;
  // Line, character and offset of the run's first line, its last line, and the one before the
  // last (so that the separator can be taken off the run).
  firstLine: number;
  firstChar: number;
  firstStart: number;
  lastLine: number;
  lastChar: number;
  lastStart: number;
  beforeLastLine: number;
  beforeLastChar: number;
  beforeLastStart: number;
}

interface TailComment {
  blank: false;
  comment: Comment;
}

type TailEntry = BlankRun | TailComment;

/**
 * Collects the lines of one body (statement, response, block answer) without copying them: the
 * text is a few slices of the source, joined only where a comment or an escaped line interrupts it.
 * Per line it only updates numbers; the body's range is built once, in {@link finish}.
 *
 * Blank and comment lines wait in a tail until the next line decides what they are. A text line
 * makes them part of the body; a directive takes the trailing comments as its leading comments and
 * one blank line before them as the separator (docs/format.md, "Bodies and the separator line").
 */
export class BodyBuilder {
  private source = "";
  /** Flat [start, end) pairs of closed runs of source text; lines within a run are contiguous. */
  private runs: number[] = [];
  private runStart = -1;
  private runEnd = -1;
  private lineCount = 0;
  private comments: BodyComment[] = [];
  private tail: TailEntry[] = [];
  /**
   * The blank lines at the very end of the tail, kept in fields rather than an object: nearly
   * every body ends with one (the separator), and this spares an allocation per body.
   */
  private open = 0;
  private openFirstLine = 0;
  private openFirstChar = 0;
  private openFirstStart = 0;
  private openLastLine = 0;
  private openLastChar = 0;
  private openLastStart = 0;
  private openBeforeLastLine = 0;
  private openBeforeLastChar = 0;
  private openBeforeLastStart = 0;
  private crlf = false;
  // Where the body's first line or comment starts and its last one ends (-1: nothing yet).
  private firstLine = -1;
  private firstChar = 0;
  private firstOffset = 0;
  private lastLine = -1;
  private lastChar = 0;
  private lastOffset = 0;

  reset(source: string): void {
    this.source = source;
    this.runs.length = 0;
    this.runStart = -1;
    this.runEnd = -1;
    this.lineCount = 0;
    this.comments = [];
    this.tail.length = 0;
    this.open = 0;
    this.crlf = false;
    this.firstLine = -1;
    this.lastLine = -1;
  }

  /** Whether the body holds nothing yet (waiting blank or comment lines aside). */
  get isEmpty(): boolean {
    return this.lineCount === 0 && this.comments.length === 0;
  }

  /**
   * A body line on source line `line` (which starts at `lineStart`; its text at `begin`, past a
   * BOM); the body's text is `[from, end)`, `from` being past the escaping `@` of an `@@` line.
   */
  addLine(
    line: number,
    lineStart: number,
    begin: number,
    from: number,
    end: number,
    endsWithCrlf: boolean,
  ): void {
    if (this.tail.length > 0 || this.open > 0) this.commitTail();
    if (endsWithCrlf) this.crlf = true;
    if (this.runStart === -1 || from !== begin) {
      // An escaped line starts a new run: the `@` it drops sits between it and the line before.
      this.closeRun();
      this.runStart = from;
    }
    this.runEnd = end;
    this.lineCount++;
    this.touch(line, lineStart, begin, end);
  }

  /**
   * Seeds the body with a first line that is not a whole source line (the value of an inline
   * `@answer` that turned out to have text below it).
   */
  seedLine(start: Position, end: Position): void {
    this.closeRun();
    this.runs.push(start.offset, end.offset);
    this.lineCount++;
    this.touch(start.line, start.offset - start.character, start.offset, end.offset);
  }

  /** A blank line on source line `line` (which starts at `lineStart`), empty at `start`. */
  addBlank(line: number, lineStart: number, start: number, endsWithCrlf: boolean): void {
    if (endsWithCrlf) this.crlf = true;
    const char = start - lineStart;
    if (this.open === 0) {
      this.openFirstLine = line;
      this.openFirstChar = char;
      this.openFirstStart = start;
    } else {
      this.openBeforeLastLine = this.openLastLine;
      this.openBeforeLastChar = this.openLastChar;
      this.openBeforeLastStart = this.openLastStart;
    }
    this.openLastLine = line;
    this.openLastChar = char;
    this.openLastStart = start;
    this.open++;
  }

  addComment(comment: Comment): void {
    this.closeBlanks();
    this.tail.push({ blank: false, comment });
  }

  /**
   * Takes the comment lines at the end of the tail (the next directive's leading comments, or the
   * file's trailing comments) and drops one blank line before them as the separator. At the end
   * of the file there is no separator: comments count as trailing only after a blank line, else
   * they stay in the body and nothing is taken.
   */
  takeLeading(atEof: boolean): Comment[] {
    if (this.open > 0) {
      // The tail ends with blank lines: no comments to take, and the last blank is the separator.
      if (!atEof) this.dropOpenBlank();
      return [];
    }
    const tail = this.tail;
    let split = tail.length;
    while (split > 0 && !tail[split - 1].blank) split--;
    const before = tail[split - 1];
    if (atEof && (split === tail.length || before === undefined)) return [];
    const leading = tail.splice(split).map((entry) => (entry as TailComment).comment);
    if (before?.blank) {
      if (before.count === 1) tail.pop();
      else {
        before.count--;
        before.lastLine = before.beforeLastLine;
        before.lastChar = before.beforeLastChar;
        before.lastStart = before.beforeLastStart;
      }
    }
    return leading;
  }

  /** Empties the tail where it cannot join a body: its comments are returned, its blanks dropped. */
  drainComments(): Comment[] {
    const comments: Comment[] = [];
    for (const entry of this.tail) if (!entry.blank) comments.push(entry.comment);
    this.tail.length = 0;
    this.open = 0;
    return comments;
  }

  /** Makes the waiting blank and comment lines part of the body. */
  commitTail(): void {
    for (const entry of this.tail) {
      if (entry.blank) {
        this.commitBlanks(
          entry.count,
          entry.firstLine,
          entry.firstChar,
          entry.firstStart,
          entry.lastLine,
          entry.lastChar,
          entry.lastStart,
        );
      } else {
        this.closeRun();
        const { text, range } = entry.comment;
        this.comments.push({ text, range, beforeLine: this.lineCount });
        const { start, end } = range;
        this.touch(start.line, start.offset - start.character, start.offset, end.offset);
      }
    }
    this.tail.length = 0;
    if (this.open > 0) {
      this.commitBlanks(
        this.open,
        this.openFirstLine,
        this.openFirstChar,
        this.openFirstStart,
        this.openLastLine,
        this.openLastChar,
        this.openLastStart,
      );
      this.open = 0;
    }
  }

  private commitBlanks(
    count: number,
    firstLine: number,
    firstChar: number,
    firstStart: number,
    lastLine: number,
    lastChar: number,
    lastStart: number,
  ): void {
    if (this.runStart === -1) this.runStart = firstStart;
    this.runEnd = lastStart;
    this.lineCount += count;
    if (this.firstLine === -1) this.touch(firstLine, firstStart - firstChar, firstStart, firstStart);
    this.touch(lastLine, lastStart - lastChar, lastStart, lastStart);
  }

  /** Moves the open run of blank lines into the tail, before a comment line follows it. */
  private closeBlanks(): void {
    if (this.open === 0) return;
    this.tail.push({
      blank: true,
      count: this.open,
      firstLine: this.openFirstLine,
      firstChar: this.openFirstChar,
      firstStart: this.openFirstStart,
      lastLine: this.openLastLine,
      lastChar: this.openLastChar,
      lastStart: this.openLastStart,
      beforeLastLine: this.openBeforeLastLine,
      beforeLastChar: this.openBeforeLastChar,
      beforeLastStart: this.openBeforeLastStart,
    });
    this.open = 0;
  }

  private dropOpenBlank(): void {
    this.open--;
    this.openLastLine = this.openBeforeLastLine;
    this.openLastChar = this.openBeforeLastChar;
    this.openLastStart = this.openBeforeLastStart;
  }

  /** The finished body; `fallback` is where an empty body sits (the end of its directive line). */
  finish(fallback: Position): Body {
    this.commitTail();
    this.closeRun();
    const runs = this.runs;
    const source = this.source;
    let text: string;
    if (runs.length === 0) text = "";
    else if (runs.length === 2) text = source.slice(runs[0], runs[1]);
    else {
      const parts: string[] = [];
      for (let i = 0; i < runs.length; i += 2) parts.push(source.slice(runs[i], runs[i + 1]));
      text = parts.join("\n");
    }
    // split/join beats a regex replace on bodies with many lines.
    if (this.crlf) text = text.split("\r\n").join("\n");
    const comments = this.comments;
    // One blank line and no line at all both read as "": comments can only sit before line 0.
    if (this.lineCount === 1 && text.length === 0) for (const c of comments) c.beforeLine = 0;
    const range =
      this.firstLine === -1
        ? { start: fallback, end: fallback }
        : {
            start: { line: this.firstLine, character: this.firstChar, offset: this.firstOffset },
            end: { line: this.lastLine, character: this.lastChar, offset: this.lastOffset },
          };
    return { text, range, comments };
  }

  /** Extends the body's extent with `[start, end)` on one line. */
  private touch(line: number, lineStart: number, start: number, end: number): void {
    if (this.firstLine === -1) {
      this.firstLine = line;
      this.firstChar = start - lineStart;
      this.firstOffset = start;
    }
    this.lastLine = line;
    this.lastChar = end - lineStart;
    this.lastOffset = end;
  }

  private closeRun(): void {
    if (this.runStart === -1) return;
    this.runs.push(this.runStart, this.runEnd);
    this.runStart = -1;
    this.runEnd = -1;
  }
}
