/**
 * Parses one segment with the core parser, so that the result equals what a parse of the whole
 * file would give for that part. Two details make a slice differ from its place in the file:
 * - a blank line before the next directive is a separator, except at the end of the file: a
 *   segment that is not last is parsed as text that `continues` (with a directive after it);
 * - comment lines at the start of a problem segment all lead into its problem (see below);
 * - only the segment holding the file's first line can have the `@pns` header, so
 *   `missing-header` is dropped elsewhere (that is the header segment, or the first problem's
 *   when the header segment is empty).
 * Ranges in the result are relative to the segment (line 0 is its first line). Bodies are slices
 * of the segment's text, itself a slice of the document: the tree holds no copy of the text.
 */
import { parse } from "../../core/format/index";
import type { ParseDiagnostic, PnsFile, Problem } from "../../core/format/ast";

export interface ParsedSegment {
  /** Parsed as the last segment of the file (not as text that continues). */
  atEnd: boolean;
  isHeader: boolean;
  /** Holds the file's first line (see above). */
  holdsFirstLine: boolean;
  file: PnsFile;
  /** The segment's problem (header segments have none unless the text is malformed). */
  problems: Problem[];
  diagnostics: ParseDiagnostic[];
}

export function parseSegment(
  text: string,
  isHeader: boolean,
  atEnd: boolean,
  holdsFirstLine = isHeader,
): ParsedSegment {
  // File-level checks (duplicate ids, mixed line ends) need the other segments: documentAnalysis/fileChecks.ts.
  const file = parse(text, { continues: !atEnd, fileChecks: false });
  // A problem segment starts with the comment lines that lead into its `@problem` (segmenter.ts).
  // Parsed alone they open the text, where comments before a blank line would be header comments;
  // in the file they follow a one-line answer and all lead into the problem, as here.
  const problem = file.problems[0];
  if (!isHeader && problem && file.headerComments.length > 0) {
    problem.leadingComments = [...file.headerComments, ...problem.leadingComments];
    file.headerComments = [];
  }
  const diagnostics = holdsFirstLine
    ? file.diagnostics
    : file.diagnostics.filter((d) => d.code !== "missing-header");
  return {
    atEnd,
    isHeader,
    holdsFirstLine,
    file: { ...file, diagnostics },
    problems: file.problems,
    diagnostics,
  };
}
