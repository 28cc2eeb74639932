/**
 * Cuts `.pns` text that arrives in chunks into segments: the header (everything before the first
 * problem, possibly empty), then one segment per problem. A problem segment starts at its
 * `@problem` line, or at the first of the `@#` comment lines directly above it (they lead into the
 * problem). This is a line scan, not a parse: where a problem begins is a line-local fact in the
 * format (`@problem` in the first column; a body line that starts with `@` is always escaped), so
 * each segment can be parsed on its own (see `parseSegment.ts`) and the whole text is never held.
 * The rule is the language server's (`lsp/document/segmenter.ts`), for text that streams.
 */

import type { Position } from "../format/ast";

const AT = 64;
const HASH = 35;
const CR = 13;

/** One header or problem segment, in file coordinates. */
export interface TextSegment {
  text: string;
  /** Absolute UTF-16 offset of its first character (segments start at line starts). */
  start: number;
  /** Absolute zero-based line of its first character. */
  startLine: number;
  /** 0 for the header segment, then 1, 2, … */
  index: number;
}

/**
 * Feed it text with {@link push} (every chunk but the last must end with `\n`, so that no line
 * is split), then call {@link end}. Memory: the segment being read, not the text before it.
 */
export class ProblemSplitter {
  /** Text of the open segment from earlier chunks (the current chunk is referenced, not copied). */
  private prefix: string[] = [];
  private prefixLength = 0;
  private pendingStart = 0;
  private pendingLine = 0;
  private index = 0;
  /** Absolute offset of the next chunk and the zero-based line it starts on. */
  private base = 0;
  private lineNumber = 0;
  /** Start (absolute offset and line) of the run of `@#` lines that may lead into a problem. */
  private runStart = -1;
  private runLine = 0;
  /** After a one-line `@answer 4`, blank lines do not end a comment run (the parser's rule). */
  private afterInlineAnswer = false;
  private ended = false;

  /** Absolute UTF-16 offset where the next chunk starts. */
  get offset(): number {
    return this.base;
  }

  /** Zero-based line on which the next chunk starts. */
  get line(): number {
    return this.lineNumber;
  }

  /** The file position of `chunk[index]`, for a chunk about to be pushed. */
  positionIn(chunk: string, index: number): Position {
    let line = this.lineNumber;
    let lineStart = 0;
    for (let nl = chunk.indexOf("\n"); nl !== -1 && nl < index; nl = chunk.indexOf("\n", nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    return { line, character: index - lineStart, offset: this.base + index };
  }

  /** Scans one chunk; returns the segments it completed (never the last one: see {@link end}). */
  push(chunk: string): TextSegment[] {
    if (this.ended) throw new Error("ProblemSplitter: push after end");
    const out: TextSegment[] = [];
    const base = this.base;
    // Where the open segment begins inside this chunk (0 when it began in an earlier one).
    let from = 0;
    const length = chunk.length;
    let lineStart = 0;
    while (lineStart < length) {
      let lineEnd = chunk.indexOf("\n", lineStart);
      if (lineEnd === -1) lineEnd = length;
      const contentEnd = lineEnd > lineStart && chunk.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      if (chunk.charCodeAt(lineStart) === AT) {
        if (isProblemDirective(chunk, lineStart, lineEnd)) {
          const cut = this.runStart >= 0 ? this.runStart : base + lineStart;
          const cutLine = this.runStart >= 0 ? this.runLine : this.lineNumber;
          out.push(this.cut(chunk, base, from, cut, cutLine));
          from = Math.max(0, cut - base);
          this.runStart = -1;
          this.afterInlineAnswer = false;
        } else if (chunk.charCodeAt(lineStart + 1) === HASH) {
          if (this.runStart < 0) {
            this.runStart = base + lineStart;
            this.runLine = this.lineNumber;
          }
        } else {
          this.runStart = -1;
          this.afterInlineAnswer = isInlineAnswer(chunk, lineStart, contentEnd);
        }
      } else if (!(this.afterInlineAnswer && contentEnd === lineStart)) {
        this.runStart = -1;
        this.afterInlineAnswer = false;
      }
      if (lineEnd < length) this.lineNumber++;
      lineStart = lineEnd + 1;
    }
    // Keep the open segment's part of this chunk (a slice: no copy until the segment is cut).
    if (from < length) {
      const rest = from === 0 ? chunk : chunk.slice(from);
      this.prefix.push(rest);
      this.prefixLength += rest.length;
    }
    this.base += length;
    return out;
  }

  /** The last segment (the header segment when the text has no problem). */
  end(): TextSegment {
    this.ended = true;
    const text = this.prefix.join("");
    this.prefix = [];
    return { text, start: this.pendingStart, startLine: this.pendingLine, index: this.index };
  }

  /** Ends the open segment at absolute offset `cut` (on line `cutLine`), in this chunk or before. */
  private cut(chunk: string, base: number, from: number, cut: number, cutLine: number): TextSegment {
    let text: string;
    if (cut >= base) {
      const own = chunk.slice(from, cut - base);
      text = this.prefix.length === 0 ? own : this.prefix.join("") + own;
      this.prefix = [];
      this.prefixLength = 0;
    } else {
      // The comment run began in an earlier chunk: the cut falls in the kept prefix.
      const joined = this.prefix.join("");
      const at = cut - this.pendingStart;
      text = joined.slice(0, at);
      const rest = joined.slice(at);
      this.prefix = rest.length > 0 ? [rest] : [];
      this.prefixLength = rest.length;
    }
    const segment = { text, start: this.pendingStart, startLine: this.pendingLine, index: this.index };
    this.index++;
    this.pendingStart = cut;
    this.pendingLine = cutLine;
    return segment;
  }
}

/** `@answer` with a value on its line (what the parser reads as a one-line answer). */
function isInlineAnswer(text: string, lineStart: number, contentEnd: number): boolean {
  if (!text.startsWith("@answer", lineStart)) return false;
  const nameEnd = lineStart + 7;
  if (nameEnd >= contentEnd) return false;
  const c = text.charCodeAt(nameEnd);
  return (c === 32 || c === 9) && /\S/.test(text.slice(nameEnd, contentEnd));
}

function isProblemDirective(text: string, lineStart: number, lineEnd: number): boolean {
  if (!text.startsWith("@problem", lineStart)) return false;
  const next = lineStart + 8;
  if (next >= lineEnd) return true;
  const c = text.charCodeAt(next);
  return c === 32 || c === 9 || c === CR;
}
