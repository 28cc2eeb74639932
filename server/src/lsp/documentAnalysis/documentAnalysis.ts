/**
 * The owner of one open document's analysis state: its current context, the cached analysis of
 * each segment, the full analyses of the segments looked at last, the completeness bookkeeping
 * and the revision of its remote scores. Fed by the document's segments-changed event; features
 * reach it through {@link AnalysisStore.of}. Nothing else stores analysis state.
 */
import type { CancellationToken } from "vscode-languageserver";
import { AnalysisCache, approximateBytes, ByteBoundedMap } from "../../core/analysis/index";
import type { RemoteScoreLookup } from "../../core/reward/remote";
import type { ParsedSegment } from "../document/parseSegment";
import type { PnsDocument, SegmentState } from "../document/pnsDocument";
import type { EffectiveSettings } from "../settings/effective";
import { analyzeSegment, summarize, type AnalysisContext, type SegmentAnalysis } from "./analyzeSegment";
import { CachedSegment, StringPool, type PackedSegmentData } from "./cachedSegment";
import { Completeness } from "./completeness";
import type { CrAtLineEndCache } from "./fileChecks";
import { isTooLongToAnalyse, tooLongToAnalyse } from "./tooLong";
import { forEachSegment } from "./yieldLoop";

/**
 * Bytes of local scores kept per document for re-analysis after edits: thousands of ordinary
 * samples, or a few huge ones (a sample's arithmetic claims grow with its text).
 */
const LOCAL_SCORE_BYTES = 16 * 1024 * 1024;

/** Bytes of full analyses (reports with every reason) of the segments looked at last, per document. */
const FULL_ANALYSES_BYTES = 16 * 1024 * 1024;

interface Analysed<T> {
  context: AnalysisContext;
  value: T;
}

export class DocumentAnalysis {
  private context: AnalysisContext | undefined;
  /**
   * The cached analysis of each segment, keyed by the segment's state: valid while the segment is
   * parsed the same way, and gone with it when an edit or a re-parse replaces the state.
   */
  private readonly results = new WeakMap<SegmentState, Analysed<CachedSegment>>();
  /** Full analyses of recently viewed segments, by parse (least recently used go first). */
  private readonly recent = new ByteBoundedMap<ParsedSegment, Analysed<SegmentAnalysis>>(FULL_ANALYSES_BYTES);
  readonly completeness: Completeness;
  /** Equal strings of the cached analyses shared (the same message on many problems). */
  private readonly strings = new StringPool();
  /** The `\r`s before line ends of each segment, for the file-level `cr-at-line-end` (fileChecks.ts). */
  readonly crAtLineEnds: CrAtLineEndCache = new WeakMap();
  /** Bumped whenever remote scores for this document arrive (part of diagnostic result ids). */
  remoteRevision = 0;

  constructor(readonly document: PnsDocument) {
    this.completeness = new Completeness(document, (index, context) => this.resultAt(index, context));
    document.onSegmentsChanged((change) => this.completeness.note(change));
  }

  /** The current context: a new object whenever settings, remote lookup or the header change. */
  contextFor(settings: EffectiveSettings, remote?: RemoteScoreLookup): AnalysisContext {
    const header = this.document.parsed(0);
    const previous = this.context;
    if (
      previous &&
      previous.header === header &&
      previous.remote === remote &&
      (previous.settings === settings || previous.settings.analysisKey === settings.analysisKey)
    ) {
      return previous;
    }
    this.context = {
      serial: (previous?.serial ?? 0) + 1,
      settings,
      header,
      // Bounded: it only has to cover re-analysis of edited problems, not the whole file.
      cache: previous?.cache ?? new AnalysisCache(LOCAL_SCORE_BYTES),
      remote,
    };
    return this.context;
  }

  /** Whether `context` is still the one {@link contextFor} would give (no new header or settings). */
  isCurrent(context: AnalysisContext): boolean {
    return this.context === context;
  }

  /** The cached analysis of segment `index` for `context`, if it has one. */
  resultAt(index: number, context: AnalysisContext): CachedSegment | undefined {
    const state = this.document.stateOf(index);
    const result = state && this.results.get(state);
    return result?.context === context ? result.value : undefined;
  }

  isAnalyzed(index: number, context: AnalysisContext): boolean {
    return this.resultAt(index, context) !== undefined;
  }

  /**
   * Findings and sample summaries of one segment, cached for its context. `bulk`: part of a whole
   * file's analysis (see analyzeSegment).
   */
  cached(index: number, context: AnalysisContext, bulk = false): CachedSegment {
    const parsed = this.document.parsed(index);
    const state = this.document.stateOf(index)!;
    const hit = this.results.get(state);
    if (hit?.context === context) return hit.value;
    const text = this.document.segments[index].text;
    const value = isTooLongToAnalyse(text)
      ? tooLongToAnalyse(text)
      : summarize(analyzeSegment(parsed, context, { explain: false, bulk }), this.strings);
    this.results.set(state, { context, value });
    return value;
  }

  /**
   * The full analysis of one segment (findings and complete sample reports), for hovers, panels and
   * requests about a few samples. Recomputed on demand (cheap: local scores are cached by content)
   * and kept for the segments looked at last, up to {@link FULL_ANALYSES_BYTES}.
   */
  full(index: number, context: AnalysisContext): SegmentAnalysis {
    const parsed = this.document.parsed(index);
    const text = this.document.segments[index].text;
    if (isTooLongToAnalyse(text)) return { items: [this.cached(index, context).item(0)], samples: [] };
    const hit = this.recent.get(parsed);
    if (hit?.context === context) return hit.value;
    const value = analyzeSegment(parsed, context);
    this.recent.set(parsed, { context, value }, approximateBytes(value));
    const state = this.document.stateOf(index)!;
    if (this.results.get(state)?.context !== context)
      this.results.set(state, { context, value: summarize(value, this.strings) });
    return value;
  }

  /**
   * Takes a segment's analysis computed elsewhere (a worker thread, from the segment's text)
   * without parsing the segment here; `problemIds` stand in for the parse in the id index.
   */
  adopt(
    index: number,
    context: AnalysisContext,
    value: PackedSegmentData,
    problemIds: readonly string[],
  ): void {
    this.results.set(this.document.stateFor(index, problemIds), {
      context,
      value: new CachedSegment(value, this.strings),
    });
    this.completeness.touch(this.document.segments[index]);
  }

  /** Forgets the analysis of one segment (cached and full), e.g. because its remote scores changed. */
  forget(index: number): void {
    const segment = this.document.segments[index];
    const state = segment?.state;
    if (!state) return;
    this.results.delete(state);
    this.completeness.touch(segment);
    if (state.parsed) this.recent.delete(state.parsed);
  }

  /** Drops the analysis of the segments holding these problems (new remote scores arrived). */
  invalidateProblems(problemIds: ReadonlySet<string>): void {
    for (const id of problemIds) {
      const found = this.document.findProblem(id);
      if (found) this.forget(found.index);
    }
    this.remoteRevision++;
  }

  /** Analyses every segment that needs it, yielding to the event loop; undefined when cancelled. */
  async analyzeAll(
    settings: EffectiveSettings,
    remote: RemoteScoreLookup | undefined,
    token?: CancellationToken,
  ): Promise<AnalysisContext | undefined> {
    for (;;) {
      const context = this.contextFor(settings, remote);
      const done = await forEachSegment(
        this.document,
        (i) => !this.isAnalyzed(i, context),
        (i) => this.cached(i, context, true),
        token,
      );
      if (!done) return undefined;
      // An edit of the header during the loop changes the context: go again for the new one.
      if (this.contextFor(settings, remote) === context) return context;
    }
  }
}

/** The analysis owner of every open document (made on first use, gone with the document). */
export class AnalysisStore {
  private readonly analyses = new WeakMap<PnsDocument, DocumentAnalysis>();

  of(document: PnsDocument): DocumentAnalysis {
    let analysis = this.analyses.get(document);
    if (!analysis) {
      analysis = new DocumentAnalysis(document);
      this.analyses.set(document, analysis);
    }
    return analysis;
  }
}
