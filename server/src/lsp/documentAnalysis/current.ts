/** The analysis of one segment or a whole document as features need it, with current settings. */
import type { CancellationToken } from "vscode-languageserver";
import type { ServerContext } from "../context";
import type { PnsDocument } from "../document/pnsDocument";
import type { EffectiveSettings } from "../settings/effective";
import type { AnalysisContext, CachedSegment, SegmentAnalysis } from "./analyzeSegment";
import type { DocumentAnalysis } from "./documentAnalysis";

export interface CurrentAnalysis {
  settings: EffectiveSettings;
  context: AnalysisContext;
  /** Full analysis of one segment (complete reports): for a few segments at a time. */
  segment: (index: number) => SegmentAnalysis;
  /** Findings and sample summaries, cached for every segment: for whole-file features. */
  cached: (index: number) => CachedSegment;
}

/** Settings and a context for on-demand, per-segment analysis (hover, lenses, hints, actions). */
export async function currentAnalysis(ctx: ServerContext, document: PnsDocument): Promise<CurrentAnalysis> {
  const settings = await ctx.settings.get(document.uri);
  const analysis = ctx.analyses.of(document);
  return view(analysis, settings, analysis.contextFor(settings, ctx.remote.lookupFor(settings)));
}

function view(
  analysis: DocumentAnalysis,
  settings: EffectiveSettings,
  context: AnalysisContext,
): CurrentAnalysis {
  return {
    settings,
    context,
    segment: (index) => analysis.full(index, context),
    cached: (index) => analysis.cached(index, context),
  };
}

/** The whole document analysed (yielding while it works); undefined when cancelled. */
export async function fullAnalysis(
  ctx: ServerContext,
  document: PnsDocument,
  token?: CancellationToken,
): Promise<CurrentAnalysis | undefined> {
  const settings = await ctx.settings.get(document.uri);
  const analysis = ctx.analyses.of(document);
  const context = await analysis.analyzeAll(settings, ctx.remote.lookupFor(settings), token);
  if (!context) return undefined;
  return view(analysis, settings, context);
}
