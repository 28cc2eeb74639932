import type { Comment, ParseDiagnostic, PnsFile, Problem, Range } from "../format/ast";
import {
  crAtLineEndFinding,
  crAtLineEndRanges,
  duplicateIdFinding,
  firstLineEnd,
  lineEndOf,
  mixedEolFinding,
} from "../format/fileChecks";
import { parse } from "../format/parser";
import { IdIndex } from "./idIndex";
import type { TextSegment } from "./problemSplitter";
import { insertAfterEqual, insertBeforeEqual, shiftRange } from "./shift";

/** What a first pass over the bytes learns, which a whole-text parse only knows at the end. */
export interface TextFacts {
  /** Line ends of each kind (`\n` preceded by `\r` counts as `\r\n`). */
  lfLines: number;
  crlfLines: number;
  /** NUL bytes or a UTF-16 BOM: only the reader's findings count (as `readPnsFile`). */
  binary: boolean;
}

/** The file-wide facts of a header segment, which every later segment needs. */
export interface StreamHeader {
  bom: boolean;
  version: number;
  hasHeader: boolean;
  headerComments: Comment[];
}

/** One segment parsed on its own, with its findings placed as a whole-text parse places them. */
export interface ParsedSegment {
  segment: TextSegment;
  /** The last segment of the text. */
  atEnd: boolean;
  /** The segment's tree: ranges relative to the segment (line 0 is its first line). */
  file: PnsFile;
  /**
   * The reader's and the parser's findings on this segment, in file coordinates, in the order a
   * parse of the whole text gives them (duplicate ids and mixed line ends found across segments).
   */
  diagnostics: ParseDiagnostic[];
}

/** What {@link StreamParser.place} reads of a segment's tree: its own findings and its problems' ids. */
export interface SegmentTreeFacts {
  diagnostics: readonly ParseDiagnostic[];
  problems: readonly Pick<Problem, "id" | "idRange">[];
}

const byOffset = (d: ParseDiagnostic): number => d.range.start.offset;

/**
 * Parses the segments of one text in order, keeping only what spans segments: the ids seen (for
 * `duplicate-id`), where the first line end of the minority kind is (for `mixed-eol`) and the
 * reader's findings not yet placed. `test/core/stream` checks the result against `parse` of the
 * whole text.
 */
export class StreamParser {
  /** The text's line end, as `parse` records it. */
  readonly eol: "\n" | "\r\n";
  private readonly ids = new IdIndex();
  private readonly reader: ParseDiagnostic[] = [];
  private mixedPending: boolean;
  header: StreamHeader | undefined;

  constructor(private readonly facts: TextFacts) {
    this.eol = lineEndOf({ lf: facts.lfLines, crlf: facts.crlfLines });
    this.mixedPending = facts.lfLines > 0 && facts.crlfLines > 0;
  }

  /** Findings of the reader (invalid UTF-8, NUL bytes), in file coordinates, as they are found. */
  addReaderDiagnostics(diagnostics: readonly ParseDiagnostic[]): void {
    for (const d of diagnostics) insertAfterEqual(this.reader, d, byOffset);
  }

  parse(segment: TextSegment, atEnd: boolean): ParsedSegment {
    const file = parseSegmentTree(segment, atEnd);
    const diagnostics = this.place(segment, atEnd, file);
    file.diagnostics = diagnostics;
    return { segment, atEnd, file, diagnostics };
  }

  /**
   * The findings of a segment whose tree was parsed elsewhere (`parseSegmentTree` on a worker):
   * its parse findings and what spans segments, in file coordinates. Segments must come in
   * order, each once; the header segment (index 0) with its whole tree.
   */
  place(segment: TextSegment, atEnd: boolean, file: SegmentTreeFacts): ParseDiagnostic[] {
    if (segment.index === 0) {
      const header = file as PnsFile;
      this.header = {
        bom: header.bom,
        version: header.version,
        hasHeader: header.hasHeader,
        headerComments: header.headerComments,
      };
    }
    const diagnostics = this.facts.binary ? [] : this.parserFindings(segment, file, atEnd);
    const end = segment.start + segment.text.length;
    let taken = 0;
    while (taken < this.reader.length && (atEnd || byOffset(this.reader[taken]) < end)) taken++;
    for (const d of this.reader.splice(0, taken)) insertBeforeEqual(diagnostics, d, byOffset);
    return diagnostics;
  }

  private parserFindings(segment: TextSegment, file: SegmentTreeFacts, atEnd: boolean): ParseDiagnostic[] {
    const { startLine, start } = segment;
    const out: ParseDiagnostic[] = [];
    for (const d of file.diagnostics) {
      // The file checks are made across segments below; `missing-header` only where the text's
      // first line is.
      if (d.code === "missing-header" && start !== 0) continue;
      out.push({ ...d, range: shiftRange(d.range, startLine, start) });
    }
    for (const problem of file.problems) {
      if (problem.id === "") continue;
      const range = shiftRange(problem.idRange, startLine, start);
      const first = this.ids.firstLineOrAdd(problem.id, range.start.line);
      if (first === undefined) continue;
      insertAfterEqual(out, duplicateIdFinding(problem.id, range, first), byOffset);
    }
    if (this.eol === "\n") {
      for (const range of crAtLineEnds(segment, atEnd)) {
        insertAfterEqual(out, crAtLineEndFinding(range), byOffset);
      }
    }
    if (this.mixedPending) {
      const mixed = this.mixedEol(segment);
      if (mixed) {
        this.mixedPending = false;
        insertAfterEqual(out, mixed, byOffset);
      }
    }
    return out;
  }

  /** `mixed-eol` at the first line end of the minority kind, if this segment has it. */
  private mixedEol(segment: TextSegment): ParseDiagnostic | undefined {
    const counts = { lf: this.facts.lfLines, crlf: this.facts.crlfLines };
    const mixed = mixedEolFinding(counts, (kind) => firstLineEnd(segment.text, kind));
    return mixed && { ...mixed, range: shiftRange(mixed.range, segment.startLine, segment.start) };
  }
}

/**
 * A segment's tree, ranges relative to the segment, without the findings that span segments
 * ({@link StreamParser.parse} adds those): what an analysis worker needs to re-parse a segment
 * exactly as the stream parsed it.
 */
export function parseSegmentTree(segment: TextSegment, atEnd: boolean): PnsFile {
  const file = parse(segment.text, { continues: !atEnd, fileChecks: false });
  const problem = file.problems[0];
  // A problem segment starts with the comment lines that lead into its `@problem`. Parsed alone
  // they open the text, where comments before a blank line read as header comments; in the file
  // they follow a one-line answer and all lead into the problem.
  if (segment.index > 0 && problem && file.headerComments.length > 0) {
    problem.leadingComments = [...file.headerComments, ...problem.leadingComments];
    file.headerComments = [];
  }
  return file;
}

/** Lines whose text ends with `\r` before a `\r\n` line end (or before a `\r` that ends the file). */
function crAtLineEnds(segment: TextSegment, atEnd: boolean): Range[] {
  return crAtLineEndRanges(segment.text, atEnd).map((range) =>
    shiftRange(range, segment.startLine, segment.start),
  );
}
