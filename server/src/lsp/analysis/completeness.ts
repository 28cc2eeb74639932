/**
 * Whether every segment of a document is analysed for a context, and how many findings they hold,
 * kept up to date from the document's change log instead of a walk over every segment. On a 40 MB
 * file that walk (10,000 segments, several dependent loads each over a 400 MB heap) cost more CPU
 * per keystroke than re-analysing the edited problem. The first check after opening, after a new
 * context (settings, header) or after a full replacement of the text walks everything once.
 */
import type { PnsDocument, PnsSegment } from "../document/pnsDocument";
import type { AnalysisContext, CachedSegment } from "./analyzeSegment";
import { isAnalyzed } from "./documentAnalysis";

interface Completeness {
  context: AnalysisContext;
  /** Findings counted per segment, and their sum: the total before the diagnostics cap. */
  counted: Map<PnsSegment, number>;
  total: number;
}

const itemCount = (segment: PnsSegment): number =>
  (segment.state!.analysis!.value as CachedSegment).itemCount;

/**
 * Indices of the segments that may lack an analysis for `context`, from the change log; undefined
 * when the document has not been checked for this context (walk every segment instead).
 */
export function pendingSegments(document: PnsDocument, context: AnalysisContext): number[] | undefined {
  const known = document.completeness as Completeness | undefined;
  if (!document.tracking || known?.context !== context) return undefined;
  const pending: number[] = [];
  for (const segment of document.touched) {
    const index = document.text.indexOf(segment);
    if (index >= 0 && !isAnalyzed(document, index, context)) pending.push(index);
  }
  return pending;
}

/**
 * Records that every segment is analysed for `context` (the caller has just made sure) and brings
 * the findings count up to date: from the change log when it is for this context, else by
 * counting every segment. Starts the change log.
 */
export function markComplete(document: PnsDocument, context: AnalysisContext): void {
  let known = document.completeness as Completeness | undefined;
  if (!document.tracking || known?.context !== context) {
    known = { context, counted: new Map(), total: 0 };
    for (const segment of document.segments) {
      const count = itemCount(segment);
      known.counted.set(segment, count);
      known.total += count;
    }
  } else {
    for (const segment of document.removedSinceCheck) {
      known.total -= known.counted.get(segment) ?? 0;
      known.counted.delete(segment);
    }
    for (const segment of document.touched) {
      const before = known.counted.get(segment) ?? 0;
      if (document.text.indexOf(segment) < 0) {
        known.total -= before;
        known.counted.delete(segment);
        continue;
      }
      const count = itemCount(segment);
      known.counted.set(segment, count);
      known.total += count - before;
    }
  }
  document.touched.clear();
  document.removedSinceCheck.length = 0;
  document.completeness = known;
  document.tracking = true;
}

/**
 * The number of findings of every segment for `context` when that is known without a walk (the
 * document was marked complete for it and nothing changed since), else undefined.
 */
export function knownTotal(document: PnsDocument, context: AnalysisContext): number | undefined {
  const known = document.completeness as Completeness | undefined;
  if (!document.tracking || known?.context !== context) return undefined;
  if (document.touched.size > 0 || document.removedSinceCheck.length > 0) return undefined;
  return known.total;
}
