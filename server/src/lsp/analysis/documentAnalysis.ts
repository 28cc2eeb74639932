/** Per-document analysis: lazily per segment, cached on the segment state for its context. */
import type { CancellationToken } from "vscode-languageserver";
import { AnalysisCache } from "../../core/analysis/index";
import type { RemoteScoreLookup } from "../../core/reward/remote";
import type { PnsDocument } from "../document/pnsDocument";
import type { EffectiveSettings } from "../settings/effective";
import type { ParsedSegment } from "../document/parseSegment";
import {
  analyzeSegment,
  summarize,
  type AnalysisContext,
  type CachedSegment,
  type SegmentAnalysis,
} from "./analyzeSegment";
import { forEachSegment } from "./yieldLoop";

/** Local scores kept per document for re-analysis after edits (samples, not problems). */
const LOCAL_SCORE_CACHE = 8192;

/** The current context of a document: a new object whenever settings or the header change. */
export function contextOf(
  document: PnsDocument,
  settings: EffectiveSettings,
  remote?: RemoteScoreLookup,
): AnalysisContext {
  const header = document.parsed(0);
  const previous = document.analysisContext as AnalysisContext | undefined;
  if (
    previous &&
    previous.header === header &&
    previous.remote === remote &&
    (previous.settings === settings || previous.settings.analysisKey === settings.analysisKey)
  ) {
    return previous;
  }
  const context: AnalysisContext = {
    serial: (previous?.serial ?? 0) + 1,
    settings,
    header,
    // Bounded: it only has to cover re-analysis of edited problems, not the whole file.
    cache: previous?.cache ?? new AnalysisCache(LOCAL_SCORE_CACHE),
    remote,
  };
  document.analysisContext = context;
  return context;
}

export function isAnalyzed(document: PnsDocument, index: number, context: AnalysisContext): boolean {
  return document.stateOf(index)?.analysis?.context === context;
}

/** Full analyses (reports with every reason) of the segments looked at last, per document. */
const FULL_ANALYSES = 64;

/**
 * The full analysis of one segment (findings and complete sample reports), for hovers, panels and
 * requests about a few samples. Recomputed on demand (cheap: local scores are cached by content)
 * and kept for the last {@link FULL_ANALYSES} segments.
 */
export function fullSegmentAnalysis(
  document: PnsDocument,
  index: number,
  context: AnalysisContext,
): SegmentAnalysis {
  const parsed = document.parsed(index);
  const recent = document.fullAnalyses as Map<
    ParsedSegment,
    { context: AnalysisContext; value: SegmentAnalysis }
  >;
  const hit = recent.get(parsed);
  if (hit?.context === context) return hit.value;
  const value = analyzeSegment(parsed, context);
  recent.delete(parsed);
  recent.set(parsed, { context, value });
  if (recent.size > FULL_ANALYSES) recent.delete(recent.keys().next().value!);
  const state = document.segments[index].state!;
  if (state.analysis?.context !== context) state.analysis = { context, value: summarize(value) };
  return value;
}

/**
 * Findings and sample summaries of one segment, cached on the segment for its context. `bulk`:
 * part of a whole file's analysis (see analyzeSegment).
 */
export function segmentAnalysis(
  document: PnsDocument,
  index: number,
  context: AnalysisContext,
  bulk = false,
): CachedSegment {
  const parsed = document.parsed(index);
  const state = document.segments[index].state!;
  if (state.analysis?.context === context) return state.analysis.value as CachedSegment;
  const value = summarize(analyzeSegment(parsed, context, { explain: false, bulk }));
  state.analysis = { context, value };
  return value;
}

/** Analyses every segment that needs it, yielding to the event loop; false when cancelled. */
export async function analyzeDocument(
  document: PnsDocument,
  settings: EffectiveSettings,
  remote: RemoteScoreLookup | undefined,
  token?: CancellationToken,
): Promise<AnalysisContext | undefined> {
  for (;;) {
    const context = contextOf(document, settings, remote);
    const done = await forEachSegment(
      document,
      (i) => !isAnalyzed(document, i, context),
      (i) => segmentAnalysis(document, i, context, true),
      token,
    );
    if (!done) return undefined;
    // An edit of the header during the loop changes the context: go again for the new one.
    if (contextOf(document, settings, remote) === context) return context;
  }
}

/** Forgets the analysis of one segment (cached and full), e.g. because its remote scores changed. */
export function forgetAnalysis(document: PnsDocument, index: number): void {
  const state = document.segments[index]?.state;
  if (!state) return;
  state.analysis = undefined;
  document.touch(document.segments[index]);
  if (state.parsed) document.fullAnalyses.delete(state.parsed);
}

/** Drops the analysis of the segments holding these problems (new remote scores arrived). */
export function invalidateProblems(document: PnsDocument, problemIds: ReadonlySet<string>): void {
  for (const id of problemIds) {
    const found = document.findProblem(id);
    if (found) forgetAnalysis(document, found.index);
  }
  document.remoteRevision++;
}
