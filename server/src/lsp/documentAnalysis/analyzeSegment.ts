/**
 * Analysis of one segment: the parser's findings plus the core's `analyzeProblem` for the segment's
 * problem, kept with segment-relative ranges. The result depends only on the segment text, the
 * header segment (file-level `@# pns-disable` comments), the engine settings and the remote scores
 * known so far: {@link AnalysisContext} plus the segment's own remote revision.
 */
import {
  analyzeProblem,
  fileSuppressions,
  isSuppressed,
  resolveSeverity,
  type AnalysisCache,
  type SampleReport,
} from "../../core/analysis/index";
import type { RemoteScoreLookup } from "../../core/reward/remote";
import type { ParsedSegment } from "../document/parseSegment";
import type { EffectiveSettings } from "../settings/effective";
import { CachedSegment, type StringPool } from "./cachedSegment";
import type { FindingItem } from "./findings";

export { CachedSegment, type SampleSummary } from "./cachedSegment";

/** Everything a segment's analysis depends on besides its own text. Identity is the cache key. */
export interface AnalysisContext {
  /** Increases with every new context of a document: part of diagnostic result ids. */
  serial: number;
  settings: EffectiveSettings;
  header: ParsedSegment;
  /** Local scores by content, shared by the document's segments. */
  cache: AnalysisCache;
  remote: RemoteScoreLookup | undefined;
}

export interface SegmentAnalysis {
  items: FindingItem[];
  /** Reward reports of the segment's samples, in order (ranges relative to the segment). */
  samples: SampleReport[];
}

/**
 * The cached form of a segment's analysis (findings and sample summaries, packed). Full reports
 * (long reason strings, every component) are recomputed for the few segments a hover or a panel
 * needs, which keeps a 40 MB file's analysis about 100 MB smaller.
 */
export function summarize(analysis: SegmentAnalysis, pool?: StringPool): CachedSegment {
  return CachedSegment.of(analysis.items, analysis.samples, pool);
}

/** How much of a segment's analysis a caller needs. */
export interface SegmentAnalysisOptions {
  /**
   * Quick fixes (edits with ranges, one "disable for this sample" per finding): kept for a whole
   * 40 MB file they would be millions of small objects, so the cached analysis drops them and
   * code actions re-analyse the one segment they need.
   */
  withFixes?: boolean;
  /** Report reasons (hovers, panels); the cached summary needs only numbers. Default true. */
  explain?: boolean;
  /**
   * A whole file's first analysis: leaves the local-score cache alone. It serves re-analysis
   * after edits, and filling it with every sample of a big file only made each score live long
   * enough for the garbage collector to copy it, for nothing (the cache keeps the last 8,192).
   */
  bulk?: boolean;
}

/** Analyses a segment: the parser's findings and the core's, with segment-relative ranges. */
export function analyzeSegment(
  parsed: ParsedSegment,
  context: AnalysisContext,
  { withFixes = false, explain = true, bulk = false }: SegmentAnalysisOptions = {},
): SegmentAnalysis {
  const engine = context.settings.engine;
  const fileSuppressed = fileSuppressions(context.header.file);
  const items: FindingItem[] = [];
  for (const d of parsed.diagnostics) {
    const severity = resolveSeverity(d.code, d.severity, engine);
    if (severity === "off" || isSuppressed(d.code, fileSuppressed)) continue;
    items.push({ code: d.code, severity, message: d.message, range: d.range });
  }
  const samples: SampleReport[] = [];
  for (const problem of parsed.problems) {
    const result = analyzeProblem(problem, engine, context.remote, {
      ...(bulk ? {} : { cache: context.cache }),
      eol: parsed.file.eol,
      fileSuppressed,
      withFixes,
      explain,
    });
    // The core's findings are the items (their extra fields, the problem id, are harmless).
    for (const f of result.findings) items.push(f);
    samples.push(...result.samples);
  }
  items.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { items, samples };
}
