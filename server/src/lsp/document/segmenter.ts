/**
 * Splits `.pns` text into segments: a header segment (everything before the first problem) and
 * one segment per problem, with the core's problem splitter (core/stream/problemSplitter.ts), the
 * one definition of where a problem begins: `pns lint` streams files through the same splitter,
 * so the editor and the CLI cut a file at the same lines by construction. Segments start at line
 * starts, so a position inside a segment maps to the document by adding the segment's first line:
 * no character arithmetic. test/lsp/unit/parseSegment.test.ts checks the cut against the parser.
 */
import { countLineEnds } from "../../core/format/index";
import { ProblemSplitter } from "../../core/stream/problemSplitter";

/** Number of `\n` in `text` (the line count of a segment that ends with a line end), and of `\r\n`. */
export function countLineBreaks(text: string): { lineBreaks: number; crlf: number } {
  const { lf, crlf } = countLineEnds(text);
  return { lineBreaks: lf + crlf, crlf };
}

/** Cuts `text` at the problem starts: the first piece is the header (possibly empty). */
export function splitSegments(text: string): string[] {
  // The whole text is one chunk (the last one, so it need not end with a line end).
  const splitter = new ProblemSplitter();
  const pieces = splitter.push(text).map((segment) => segment.text);
  pieces.push(splitter.end().text);
  return pieces;
}

/**
 * {@link splitSegments}, with the number of `\n` and of `\r\n` in each piece: the `\n` from the
 * splitter's line numbers, the `\r\n` counted per piece.
 */
export function splitSegmentsCounted(text: string): {
  pieces: string[];
  lineBreaks: number[];
  crlf: number[];
} {
  const splitter = new ProblemSplitter();
  const segments = splitter.push(text);
  const total = splitter.line;
  segments.push(splitter.end());
  const pieces: string[] = [];
  const lineBreaks: number[] = [];
  const crlf: number[] = [];
  segments.forEach((segment, k) => {
    pieces.push(segment.text);
    lineBreaks.push((segments[k + 1]?.startLine ?? total) - segment.startLine);
    crlf.push(countLineEnds(segment.text).crlf);
  });
  return { pieces, lineBreaks, crlf };
}
