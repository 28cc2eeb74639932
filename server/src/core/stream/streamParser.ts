import type { Comment, ParseDiagnostic, PnsFile } from "../format/ast";
import { PARSE_CODES } from "../format/codes";
import { parse } from "../format/parser";
import { rangeOn } from "../format/position";
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
    this.eol = facts.crlfLines > facts.lfLines ? "\r\n" : "\n";
    this.mixedPending = facts.lfLines > 0 && facts.crlfLines > 0;
  }

  /** Findings of the reader (invalid UTF-8, NUL bytes), in file coordinates, as they are found. */
  addReaderDiagnostics(diagnostics: readonly ParseDiagnostic[]): void {
    for (const d of diagnostics) insertAfterEqual(this.reader, d, byOffset);
  }

  parse(segment: TextSegment, atEnd: boolean): ParsedSegment {
    const file = parse(segment.text, { continues: !atEnd });
    const problem = file.problems[0];
    // A problem segment starts with the comment lines that lead into its `@problem`. Parsed alone
    // they open the text, where comments before a blank line read as header comments; in the file
    // they follow a one-line answer and all lead into the problem.
    if (segment.index > 0 && problem && file.headerComments.length > 0) {
      problem.leadingComments = [...file.headerComments, ...problem.leadingComments];
      file.headerComments = [];
    }
    if (segment.index === 0) {
      this.header = {
        bom: file.bom,
        version: file.version,
        hasHeader: file.hasHeader,
        headerComments: file.headerComments,
      };
    }
    const diagnostics = this.facts.binary ? [] : this.parserFindings(segment, file);
    const end = segment.start + segment.text.length;
    let taken = 0;
    while (taken < this.reader.length && (atEnd || byOffset(this.reader[taken]) < end)) taken++;
    for (const d of this.reader.splice(0, taken)) insertBeforeEqual(diagnostics, d, byOffset);
    file.diagnostics = diagnostics;
    return { segment, atEnd, file, diagnostics };
  }

  private parserFindings(segment: TextSegment, file: PnsFile): ParseDiagnostic[] {
    const { startLine, start } = segment;
    const out: ParseDiagnostic[] = [];
    for (const d of file.diagnostics) {
      // Found across segments below; `missing-header` only where the text's first line is.
      if (d.code === "duplicate-id" || d.code === "mixed-eol") continue;
      if (d.code === "missing-header" && start !== 0) continue;
      out.push({ ...d, range: shiftRange(d.range, startLine, start) });
    }
    for (const problem of file.problems) {
      if (problem.id === "") continue;
      const range = shiftRange(problem.idRange, startLine, start);
      const first = this.ids.firstLineOrAdd(problem.id, range.start.line);
      if (first === undefined) continue;
      insertAfterEqual(
        out,
        {
          code: "duplicate-id",
          severity: PARSE_CODES["duplicate-id"],
          message: `duplicate problem id '${clip(problem.id)}' (first used on line ${first + 1})`,
          range,
        },
        byOffset,
      );
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
    const text = segment.text;
    const minorityCrlf = this.eol === "\n";
    let nl = -1;
    if (minorityCrlf) {
      const cr = text.indexOf("\r\n");
      nl = cr === -1 ? -1 : cr + 1;
    } else {
      for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) {
        if (at === 0 || text.charCodeAt(at - 1) !== 13) {
          nl = at;
          break;
        }
      }
    }
    if (nl === -1) return undefined;
    let line = 0;
    let lineStart = 0;
    for (let at = text.indexOf("\n"); at !== -1 && at < nl; at = text.indexOf("\n", at + 1)) {
      line++;
      lineStart = at + 1;
    }
    const { lfLines, crlfLines } = this.facts;
    const range = minorityCrlf ? rangeOn(line, lineStart, nl - 1, nl) : rangeOn(line, lineStart, nl, nl);
    return {
      code: "mixed-eol",
      severity: PARSE_CODES["mixed-eol"],
      message: `mixed line ends: ${crlfLines} lines end with \\r\\n and ${lfLines} with \\n; written back as ${this.eol === "\n" ? "\\n" : "\\r\\n"}`,
      range: shiftRange(range, segment.startLine, segment.start),
    };
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
