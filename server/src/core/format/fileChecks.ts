/**
 * File-level findings: the checks that no single problem can make on its own (`duplicate-id`
 * across problems, `mixed-eol` across lines). One implementation for every reader of a file:
 * the whole-file parser, the language server (which parses each problem on its own and keeps
 * these counts per segment) and a reader that goes problem by problem. Each reader summarises
 * its parts (line-end counts, problem ids) and asks here; the rules and the messages live only
 * here, so `pns lint` and the editor word them alike.
 */
import type { ParseDiagnostic, Range } from "./ast";
import { PARSE_CODES } from "./codes";
import { rangeOn } from "./position";

/** How many lines of a text (or a part of one) end with `\n` and with `\r\n`. */
export interface LineEndCounts {
  lf: number;
  crlf: number;
}

export type LineEnd = "\n" | "\r\n";

/** Counts the line ends of a text: every `\n`, as `\r\n` when a `\r` comes just before it. */
export function countLineEnds(text: string): LineEndCounts {
  let lf = 0;
  let crlf = 0;
  for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", nl + 1)) {
    if (nl > 0 && text.charCodeAt(nl - 1) === 13) crlf++;
    else lf++;
  }
  return { lf, crlf };
}

/** The line end a file is written back with: the more common one (`\n` on a tie). */
export function lineEndOf(counts: LineEndCounts): LineEnd {
  return counts.crlf > counts.lf ? "\r\n" : "\n";
}

/**
 * Where the first line end of a kind sits in a text (a part's own range, line 0 its first line):
 * an `\r\n` covers its `\r`, an `\n` is the empty range before it.
 */
export function firstLineEnd(text: string, kind: LineEnd): Range | undefined {
  let line = 0;
  let lineStart = 0;
  for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", nl + 1)) {
    const crlf = nl > 0 && text.charCodeAt(nl - 1) === 13;
    if (crlf && kind === "\r\n") return rangeOn(line, lineStart, nl - 1, nl);
    if (!crlf && kind === "\n") return rangeOn(line, lineStart, nl, nl);
    line++;
    lineStart = nl + 1;
  }
  return undefined;
}

/**
 * `mixed-eol` when a file has both kinds of line end, on the first line end of the kind that a
 * rewrite changes. `counts` are the whole file's; `firstOf` finds a kind's first line end (asked
 * only for a file that mixes them, so a reader may look it up lazily).
 */
export function mixedEolFinding(
  counts: LineEndCounts,
  firstOf: (kind: LineEnd) => Range | undefined,
): ParseDiagnostic | undefined {
  if (counts.lf === 0 || counts.crlf === 0) return undefined;
  const eol = lineEndOf(counts);
  const range = firstOf(eol === "\n" ? "\r\n" : "\n");
  if (!range) return undefined;
  return {
    code: "mixed-eol",
    severity: PARSE_CODES["mixed-eol"],
    message: `mixed line ends: ${counts.crlf} lines end with \\r\\n and ${counts.lf} with \\n; written back as ${eol === "\n" ? "\\n" : "\\r\\n"}`,
    range,
  };
}

/** `duplicate-id` on a later definition of an id (`range`: its id) first defined on `firstLine`. */
export function duplicateIdFinding(id: string, range: Range, firstLine: number): ParseDiagnostic {
  return {
    code: "duplicate-id",
    severity: PARSE_CODES["duplicate-id"],
    message: `duplicate problem id '${clip(id)}' (first used on line ${firstLine + 1})`,
    range,
  };
}

/**
 * `cr-at-line-end` on a line whose text ends with `\r` before its `\r\n` line end (`range`: that
 * `\r`), in a file written back with `\n`: the serializer would write `\r\n` and the `\r` of the
 * text would be lost, so `fmt` reports it instead of changing the text.
 */
export function crAtLineEndFinding(range: Range): ParseDiagnostic {
  return {
    code: "cr-at-line-end",
    severity: PARSE_CODES["cr-at-line-end"],
    message:
      "this line's text ends with a carriage return (\\r) before its \\r\\n line end: with the file's \\n line ends it would be written as a \\r\\n line end and lost, so 'pns fmt' leaves the file as it is (remove the \\r, or use \\r\\n line ends throughout)",
    range,
  };
}

/**
 * The lines of a text (or a part of one, line 0 its first line) that {@link crAtLineEndFinding}
 * is about: each `\r` just before an `\r\n` line end, and at the end of the whole file (`atEnd`)
 * a `\r` before the final `\r` (a line end cut short). For a reader that parses a file part by
 * part with the file checks off: whether they are findings depends on the whole file's line end.
 */
export function crAtLineEndRanges(text: string, atEnd: boolean): Range[] {
  const out: Range[] = [];
  let line = 0;
  let lineStart = 0;
  let counted = 0;
  const at = (cr: number): void => {
    for (let nl = text.indexOf("\n", counted); nl !== -1 && nl < cr; nl = text.indexOf("\n", nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    counted = cr;
    out.push(rangeOn(line, lineStart, cr, cr + 1));
  };
  for (let i = text.indexOf("\r\r\n"); i !== -1; i = text.indexOf("\r\r\n", i + 3)) at(i);
  if (atEnd && text.endsWith("\r\r")) at(text.length - 2);
  return out;
}

/**
 * The problem ids of a file in file order, for readers that see one problem at a time: each
 * later definition of an id gets its `duplicate-id` finding as it is added.
 */
export class ProblemIdChecker {
  /** Zero-based line of each id's first definition. */
  private readonly first = new Map<string, number>();

  /** Adds one definition (`range`: of its id, placed in the file); a finding when it repeats one. */
  add(id: string, range: Range): ParseDiagnostic | undefined {
    if (id === "") return undefined;
    const line = this.first.get(id);
    if (line !== undefined) return duplicateIdFinding(id, range, line);
    this.first.set(id, range.start.line);
    return undefined;
  }
}

/** What the file-level checks need from one part of a file (ranges relative to the part). */
export interface PartSummary {
  /** Where the part starts in the file: zero-based line and UTF-16 offset. */
  line: number;
  offset: number;
  lineEnds: LineEndCounts & { firstLf?: Range; firstCrlf?: Range };
  /** The part's problem ids with the ranges of the ids, in order. */
  ids: readonly { id: string; range: Range }[];
}

/** The summary of a whole text as one part (the language server makes one per segment). */
export function summarizePart(
  text: string,
  ids: readonly { id: string; range: Range }[],
  at = { line: 0, offset: 0 },
): PartSummary {
  return {
    ...at,
    lineEnds: {
      ...countLineEnds(text),
      firstLf: firstLineEnd(text, "\n"),
      firstCrlf: firstLineEnd(text, "\r\n"),
    },
    ids,
  };
}

/**
 * The file-level findings of a file given as parts in file order, each with the index of the
 * part it belongs to and a range relative to that part.
 */
export function fileFindings(parts: readonly PartSummary[]): { part: number; finding: ParseDiagnostic }[] {
  const out: { part: number; finding: ParseDiagnostic }[] = [];
  const ids = new ProblemIdChecker();
  const total: LineEndCounts = { lf: 0, crlf: 0 };
  parts.forEach((part, index) => {
    total.lf += part.lineEnds.lf;
    total.crlf += part.lineEnds.crlf;
    for (const { id, range } of part.ids) {
      const duplicate = ids.add(id, shift(range, part));
      if (duplicate) out.push({ part: index, finding: { ...duplicate, range } });
    }
  });
  let mixedIn = -1;
  const mixed = mixedEolFinding(total, (kind) => {
    mixedIn = parts.findIndex((p) => (kind === "\n" ? p.lineEnds.lf : p.lineEnds.crlf) > 0);
    const lineEnds = parts[mixedIn]?.lineEnds;
    return kind === "\n" ? lineEnds?.firstLf : lineEnds?.firstCrlf;
  });
  if (mixed) out.push({ part: mixedIn, finding: mixed });
  return out;
}

/** A part's range placed in the file. */
function shift(range: Range, at: { line: number; offset: number }): Range {
  const move = (p: Range["start"]) => ({
    line: p.line + at.line,
    character: p.character,
    offset: p.offset + at.offset,
  });
  return { start: move(range.start), end: move(range.end) };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
