/**
 * The file-level findings of an open document (`duplicate-id`, `mixed-eol`, `cr-at-line-end`), by the core's rules
 * and words (core/format/fileChecks.ts), so that the editor and `pns lint` agree. Each segment is
 * parsed on its own without these checks; the summaries they need are kept up to date by the
 * document itself (the id index per structural edit, line-end counts per segment and in total),
 * so a keystroke walks no segments here: only the duplicates, and for a file that mixes line
 * ends, the segments before the first line end of the minority kind and the segments with
 * `\r\n` line ends (their `\r` before a line end, cached per segment).
 */
import { fileSuppressions, isSuppressed, resolveSeverity } from "../../core/analysis/index";
import type { ParseDiagnostic, Range } from "../../core/format/ast";
import {
  crAtLineEndFinding,
  crAtLineEndRanges,
  duplicateIdFinding,
  firstLineEnd,
  lineEndOf,
  mixedEolFinding,
  type LineEnd,
} from "../../core/format/index";
import type { PnsDocument, PnsSegment } from "../document/pnsDocument";
import type { AnalysisContext } from "./analyzeSegment";
import type { FindingItem } from "./findings";

/** File-level findings by the index of the segment they are in (ranges relative to it). */
export function fileFindings(
  document: PnsDocument,
  context: AnalysisContext,
  crAtLineEnds: CrAtLineEndCache = new WeakMap(),
): Map<number, FindingItem[]> {
  const out = new Map<number, FindingItem[]>();
  const suppressed = fileSuppressions(context.header.file);
  const add = (index: number, finding: ParseDiagnostic): void => {
    const severity = resolveSeverity(finding.code, finding.severity, context.settings.engine);
    if (severity === "off" || isSuppressed(finding.code, suppressed)) return;
    const items = out.get(index) ?? [];
    items.push({ code: finding.code, severity, message: finding.message, range: finding.range });
    out.set(index, items);
  };

  const { first, duplicates } = document.idIndex();
  for (const { index, id } of duplicates) {
    const problem = document.parsed(index).problems.find((p) => p.id === id);
    const at = first.get(id);
    if (!problem || at === undefined) continue;
    const firstLine = document.segments[at].startLine + document.parsed(at).problems[0].idRange.start.line;
    add(index, duplicateIdFinding(id, problem.idRange, firstLine));
  }

  let mixedIn = -1;
  const mixed = mixedEolFinding(document.text.lineEnds, (kind: LineEnd) => {
    const segments = document.segments;
    mixedIn = segments.findIndex((s) => (kind === "\r\n" ? s.crlfBreaks : s.lineBreaks - s.crlfBreaks) > 0);
    return mixedIn < 0 ? undefined : firstLineEnd(segments[mixedIn].text, kind);
  });
  if (mixed) add(mixedIn, mixed);

  // A `\r` before an `\r\n` line end is lost when the file is written back with `\n` ends.
  const lineEnds = document.text.lineEnds;
  if (lineEndOf(lineEnds) === "\n") {
    const segments = document.segments;
    const last = segments.length - 1;
    const check = (index: number): void => {
      const segment = segments[index];
      // Only a segment with `\r\n` line ends, or the last one ending in `\r\r`, can have one.
      const atEnd = index === last && segment.text.endsWith("\r\r");
      if (segment.crlfBreaks === 0 && !atEnd) return;
      let ranges = crAtLineEnds.get(segment);
      if (ranges?.atEnd !== atEnd) {
        ranges = { atEnd, ranges: crAtLineEndRanges(segment.text, atEnd) };
        crAtLineEnds.set(segment, ranges);
      }
      for (const range of ranges.ranges) add(index, crAtLineEndFinding(range));
    };
    if (lineEnds.crlf > 0) for (let index = 0; index <= last; index++) check(index);
    else check(last);
  }
  return out;
}

/** The `\r`s before line ends of each segment (relative ranges), kept while the segment lives. */
export type CrAtLineEndCache = WeakMap<PnsSegment, { atEnd: boolean; ranges: readonly Range[] }>;
