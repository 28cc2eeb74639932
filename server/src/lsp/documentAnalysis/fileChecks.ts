/**
 * The file-level findings of an open document (`duplicate-id`, `mixed-eol`), by the core's rules
 * and words (core/format/fileChecks.ts), so that the editor and `pns lint` agree. Each segment is
 * parsed on its own without these checks; the summaries they need are kept up to date by the
 * document itself (the id index per structural edit, line-end counts per segment and in total),
 * so a keystroke walks no segments here: only the duplicates, and for a file that mixes line
 * ends, the segments before the first line end of the minority kind.
 */
import { fileSuppressions, isSuppressed, resolveSeverity } from "../../core/analysis/index";
import type { ParseDiagnostic } from "../../core/format/ast";
import { duplicateIdFinding, firstLineEnd, mixedEolFinding, type LineEnd } from "../../core/format/index";
import type { PnsDocument } from "../document/pnsDocument";
import type { AnalysisContext } from "./analyzeSegment";
import type { FindingItem } from "./findings";

/** File-level findings by the index of the segment they are in (ranges relative to it). */
export function fileFindings(document: PnsDocument, context: AnalysisContext): Map<number, FindingItem[]> {
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
  return out;
}
