/**
 * Parses one segment with the core parser, so that the result equals what a parse of the whole
 * file would give for that part. Two details make a slice differ from its place in the file:
 * - a blank line before the next directive is a separator, except at the end of the file: a
 *   segment that is not last is parsed with a sentinel `@problem` line after it, and everything
 *   the sentinel brings (its problem, its findings) is dropped;
 * - only the header segment can have the `@pns` header, so `missing-header` is dropped elsewhere.
 * Ranges in the result are relative to the segment (line 0 is its first line).
 */
import { parse } from "../../core/format/index";
import type { ParseDiagnostic, PnsFile, Problem } from "../../core/format/ast";

const SENTINEL_ID = "pns-lsp-segment-end";

export interface ParsedSegment {
  /** Parsed as the last segment of the file (no sentinel). */
  atEnd: boolean;
  isHeader: boolean;
  file: PnsFile;
  /** The segment's problem (header segments have none unless the text is malformed). */
  problems: Problem[];
  diagnostics: ParseDiagnostic[];
}

export function parseSegment(text: string, isHeader: boolean, atEnd: boolean): ParsedSegment {
  const eol = text.endsWith("\r\n") ? "\r\n" : "\n";
  const source = atEnd ? text : `${text}@problem ${SENTINEL_ID}${eol}`;
  const file = parse(source);
  const limit = text.length;
  const problems = file.problems.filter((p) => p.range.start.offset < limit);
  const diagnostics = file.diagnostics.filter((d) =>
    d.code === "missing-header" ? isHeader : d.range.start.offset < limit,
  );
  return { atEnd, isHeader, file: { ...file, problems, diagnostics }, problems, diagnostics };
}
