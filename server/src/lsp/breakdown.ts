/**
 * Flattens the core's sample reports into display rows: used by hovers, code lenses and the
 * `pns/sampleAt` / `pns/compareData` requests (so the client and webviews show the same numbers).
 */
import type { SampleReport } from "../core/analysis/index";
import { componentLabel, formulaWeights } from "../core/reward/index";
import type { ComponentScore } from "../core/reward/types";
import type { ComponentView } from "../protocol/index";

export { componentLabel };

export function provenanceOf(component: ComponentScore): string {
  const p = component.provenance;
  if (!p) return "local";
  const version = p.promptVersion ? ` (${p.promptVersion})` : "";
  return `${p.model} @ ${p.endpoint}${version}${p.cached ? ", cached" : ""}`;
}

export function cacheAgeSeconds(component: ComponentScore, now: number): number | undefined {
  const p = component.provenance;
  if (!p?.cached) return undefined;
  const at = Date.parse(p.scoredAt);
  return Number.isFinite(at) ? Math.max(0, (now - at) / 1000) : undefined;
}

export function componentViews(report: SampleReport, now: number): ComponentView[] {
  const weights = formulaWeights(report);
  return report.components.map((c, i) => ({
    name: c.name,
    label: componentLabel(c.name),
    weight: weights[i],
    value: c.value,
    reason: c.reason,
    provenance: provenanceOf(c),
    ...(cacheAgeSeconds(c, now) !== undefined ? { cacheAgeSeconds: cacheAgeSeconds(c, now) } : {}),
  }));
}

export function formatAge(seconds: number | undefined): string {
  if (seconds === undefined) return "";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

export const score = (value: number | null): string => (value === null ? "—" : value.toFixed(2));

/** What the one-line summary and the verdict text of a sample are made from. */
export interface SummaryFields {
  components: readonly { name: string; value: number | null }[];
  malformed: boolean;
  verdict: { gradable: boolean; equal: boolean; extracted: string | null; gold: string; rule: string };
}

/** `format ✓ · answer ≠ (96 ≠ 72) · reward model 0.81 · judge 0.72`: the one-line summary of a sample. */
export function summaryLine(report: SummaryFields): string {
  const parts: string[] = [];
  for (const c of report.components) {
    if (c.name === "format")
      parts.push(`format ${report.malformed ? "✗" : c.value === 1 ? "✓" : score(c.value)}`);
    else if (c.name === "accuracy") {
      const v = report.verdict;
      parts.push(
        !v.gradable
          ? "answer ?"
          : v.equal
            ? `answer = (${v.extracted ?? ""})`
            : `answer ≠ (${v.extracted ?? "none"} ≠ ${v.gold})`,
      );
    } else parts.push(`${componentLabel(c.name)} ${score(c.value)}`);
  }
  return parts.join(" · ");
}

/** `differs from the gold \`72\` (exact-rational)`: the grader's verdict in words. */
export function verdictLine(verdict: SummaryFields["verdict"]): string {
  const relation = !verdict.gradable ? "not gradable against" : verdict.equal ? "equals" : "differs from";
  return `${relation} the gold \`${verdict.gold}\` (${verdict.rule})`;
}
