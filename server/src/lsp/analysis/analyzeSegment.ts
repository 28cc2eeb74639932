/**
 * Analysis of one segment: the parser's findings plus the core analysis of the segment's problem,
 * mapped to {@link FindingItem}s. The result depends only on the segment text, the header segment
 * (file-level comments, e.g. suppressions) and the engine settings: {@link AnalysisContext}.
 */
import type { ParsedSegment } from "../document/parseSegment";
import type { EffectiveSettings } from "../settings/effective";
import type { FindingItem, ItemSeverity } from "./findings";

/** Everything a segment's analysis depends on besides its own text. Identity is the cache key. */
export interface AnalysisContext {
  /** Increases with every new context of a document: part of diagnostic result ids. */
  serial: number;
  settings: EffectiveSettings;
  header: ParsedSegment;
}

export interface SegmentAnalysis {
  items: FindingItem[];
}

function severityOf(code: string, fallback: ItemSeverity, context: AnalysisContext): ItemSeverity | "off" {
  const rules = context.settings.engine.rules;
  return rules[code] ?? rules["parse-error"] ?? fallback;
}

export function analyzeSegment(parsed: ParsedSegment, context: AnalysisContext): SegmentAnalysis {
  const items: FindingItem[] = [];
  for (const d of parsed.diagnostics) {
    const severity = severityOf(d.code, d.severity, context);
    if (severity === "off") continue;
    items.push({ code: d.code, severity, message: d.message, range: d.range, fixes: [] });
  }
  return { items };
}
