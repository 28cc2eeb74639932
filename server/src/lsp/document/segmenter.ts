/**
 * Splits `.pns` text into segments: a header segment (everything before the first problem) and
 * one segment per problem. A problem segment starts at its `@problem` line, or at the first of the
 * `@#` comment lines directly above it (they are the problem's leading comments, and may hold
 * suppression comments). Segments start at line starts, so a position inside a segment maps to the
 * document by adding the segment's first line: no character arithmetic.
 *
 * This is a line scan, not a parse: the parser still decides what every line means. The scan only
 * finds where problems begin, which in the format is a purely line-local fact (`@problem` in the
 * first column; a body line starting with `@` is always escaped as `@@`), and which comment lines
 * above lead into them. test/lsp/unit/parseSegment.test.ts checks it against the parser.
 */
import { countLineEnds } from "../../core/format/index";

/** Where problems start, on which (zero-based) lines, and how many `\n` the text has in all. */
interface ProblemStarts {
  starts: number[];
  startLines: number[];
  /** Lines ending with `\r\n` before each start (for the file-level `mixed-eol` check). */
  startCrlf: number[];
  lineBreaks: number;
  crlf: number;
}

/** One pass over the lines (a 40 MB open pays for no second scan to count lines per segment). */
function scanProblemStarts(text: string): ProblemStarts {
  const starts: number[] = [];
  const startLines: number[] = [];
  const startCrlf: number[] = [];
  let crlf = 0;
  let commentRunCrlf = 0;
  // Start offset (and line) of the run of `@#` lines that lead into the next directive.
  let commentRunStart = -1;
  let commentRunLine = 0;
  let line = 0;
  // After a one-line `@answer 4` there is no body for comments to belong to: the parser gives
  // every comment line up to the next directive to that directive, blank lines between or not.
  let afterInlineAnswer = false;
  let lineStart = 0;
  const length = text.length;
  while (lineStart < length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd === -1) lineEnd = length;
    const contentEnd = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    if (text.charCodeAt(lineStart) === 64 /* @ */) {
      if (isProblemDirective(text, lineStart, lineEnd)) {
        starts.push(commentRunStart >= 0 ? commentRunStart : lineStart);
        startLines.push(commentRunStart >= 0 ? commentRunLine : line);
        startCrlf.push(commentRunStart >= 0 ? commentRunCrlf : crlf);
        commentRunStart = -1;
        afterInlineAnswer = false;
      } else if (text.charCodeAt(lineStart + 1) === 35 /* # */) {
        if (commentRunStart < 0) {
          commentRunStart = lineStart;
          commentRunLine = line;
          commentRunCrlf = crlf;
        }
      } else {
        commentRunStart = -1;
        afterInlineAnswer = isInlineAnswer(text, lineStart, contentEnd);
      }
    } else if (!(afterInlineAnswer && contentEnd === lineStart)) {
      commentRunStart = -1;
      afterInlineAnswer = false;
    }
    if (lineEnd < length) {
      line++;
      if (contentEnd < lineEnd) crlf++;
    }
    lineStart = lineEnd + 1;
  }
  return { starts, startLines, startCrlf, lineBreaks: line, crlf };
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
  return c === 32 || c === 9 || c === 13;
}

/** Number of `\n` in `text` (the line count of a segment that ends with a line end), and of `\r\n`. */
export function countLineBreaks(text: string): { lineBreaks: number; crlf: number } {
  const { lf, crlf } = countLineEnds(text);
  return { lineBreaks: lf + crlf, crlf };
}

/** Cuts `text` at the problem starts: the first piece is the header (possibly empty). */
export function splitSegments(text: string): string[] {
  return splitSegmentsCounted(text).pieces;
}

/**
 * {@link splitSegments}, with the number of `\n` and of `\r\n` in each piece, from the same
 * single pass.
 */
export function splitSegmentsCounted(text: string): {
  pieces: string[];
  lineBreaks: number[];
  crlf: number[];
} {
  const {
    starts,
    startLines: lines,
    startCrlf,
    lineBreaks: total,
    crlf: totalCrlf,
  } = scanProblemStarts(text);
  const pieces: string[] = [text.slice(0, starts[0] ?? text.length)];
  const lineBreaks: number[] = [lines[0] ?? total];
  const crlf: number[] = [startCrlf[0] ?? totalCrlf];
  for (let i = 0; i < starts.length; i++) {
    pieces.push(text.slice(starts[i], starts[i + 1] ?? text.length));
    lineBreaks.push((lines[i + 1] ?? total) - lines[i]);
    crlf.push((startCrlf[i + 1] ?? totalCrlf) - startCrlf[i]);
  }
  return { pieces, lineBreaks, crlf };
}
