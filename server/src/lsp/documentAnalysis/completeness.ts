/**
 * Whether every segment of a document is analysed for a context, and how many findings they hold,
 * kept up to date from the document's change log instead of a walk over every segment. On a 40 MB
 * file that walk (10,000 segments, several dependent loads each over a 400 MB heap) cost more CPU
 * per keystroke than re-analysing the edited problem. The first check after opening, after a new
 * context (settings, header) or after a full replacement of the text walks everything once.
 */
import type { PnsDocument, PnsSegment, SegmentsChange } from "../document/pnsDocument";
import type { AnalysisContext, CachedSegment } from "./analyzeSegment";

/** What the bookkeeping reads of the analysis: a segment's cached result for a context. */
export type ResultAt = (index: number, context: AnalysisContext) => CachedSegment | undefined;

export class Completeness {
  /**
   * The change log, kept only once the whole document has been checked (`known`): segments whose
   * state may have changed since (edited, re-parsed, analysis forgotten) and segments removed.
   */
  private known:
    | {
        context: AnalysisContext;
        /** Findings counted per segment, and their sum: the total before the diagnostics cap. */
        counted: Map<PnsSegment, number>;
        total: number;
      }
    | undefined;
  private readonly touched = new Set<PnsSegment>();
  private readonly removed: PnsSegment[] = [];

  constructor(
    private readonly document: PnsDocument,
    private readonly resultAt: ResultAt,
  ) {}

  /** Feeds the change log (the document's segments-changed event). */
  note(change: SegmentsChange): void {
    if (change.reset) {
      this.forget();
      return;
    }
    if (!this.known) return;
    for (const segment of change.changed) this.touched.add(segment);
    for (const segment of change.removed) this.removed.push(segment);
  }

  /** Notes that a segment's analysis may have changed (forgotten, adopted from a worker). */
  touch(segment: PnsSegment | undefined): void {
    if (this.known && segment) this.touched.add(segment);
  }

  /** Forgets the change log: the next check walks every segment. */
  forget(): void {
    this.known = undefined;
    this.touched.clear();
    this.removed.length = 0;
  }

  /**
   * Indices of the segments that may lack an analysis for `context`, from the change log;
   * undefined when the document has not been checked for this context (walk every segment).
   */
  pending(context: AnalysisContext): number[] | undefined {
    if (this.known?.context !== context) return undefined;
    const pending: number[] = [];
    for (const segment of this.touched) {
      const index = this.document.text.indexOf(segment);
      if (index >= 0 && !this.resultAt(index, context)) pending.push(index);
    }
    return pending;
  }

  /**
   * Records that every segment is analysed for `context` (the caller has just made sure) and
   * brings the findings count up to date: from the change log when it is for this context, else by
   * counting every segment. Starts the change log.
   */
  markComplete(context: AnalysisContext): void {
    const itemCount = (index: number): number => this.resultAt(index, context)!.itemCount;
    const text = this.document.text;
    let known = this.known;
    if (known?.context !== context) {
      known = { context, counted: new Map(), total: 0 };
      text.segments.forEach((segment, index) => {
        const count = itemCount(index);
        known!.counted.set(segment, count);
        known!.total += count;
      });
    } else {
      for (const segment of this.removed) {
        known.total -= known.counted.get(segment) ?? 0;
        known.counted.delete(segment);
      }
      for (const segment of this.touched) {
        const before = known.counted.get(segment) ?? 0;
        const index = text.indexOf(segment);
        if (index < 0) {
          known.total -= before;
          known.counted.delete(segment);
          continue;
        }
        const count = itemCount(index);
        known.counted.set(segment, count);
        known.total += count - before;
      }
    }
    this.touched.clear();
    this.removed.length = 0;
    this.known = known;
  }

  /**
   * The number of findings of every segment for `context` when that is known without a walk (the
   * document was marked complete for it and nothing changed since), else undefined.
   */
  knownTotal(context: AnalysisContext): number | undefined {
    if (this.known?.context !== context) return undefined;
    if (this.touched.size > 0 || this.removed.length > 0) return undefined;
    return this.known.total;
  }
}
