/**
 * Data for the review webviews (server/src/protocol/panels.ts): a pair with the spans the diff
 * panel marks, and every sample's scores and findings for the overview. The core decides (step
 * alignment, arithmetic, extraction); this module only gathers and maps to plain JSON.
 */
import { ResponseError } from "vscode-languageserver";
import type { SampleReport } from "../core/analysis/index";
import type { Problem } from "../core/format/ast";
import { extractFinalAnswer } from "../core/grader/index";
import { checkArithmetic, firstDivergentStep, REWARD_COMPONENTS } from "../core/reward/index";
import {
  PanelOverviewRequest,
  PanelPairRequest,
  type OverviewData,
  type OverviewRow,
  type PairSide,
  type TextSpan,
} from "../protocol/panels";
import type { FindingItem } from "./documentAnalysis/findings";
import { currentAnalysis, fullAnalysis } from "./documentAnalysis/current";
import type { ServerContext } from "./context";
import { toLspRange } from "./ranges";
import { problemView, sampleView } from "./views";

function pairSide(
  uri: string,
  problem: Problem,
  index: number,
  base: number,
  report: SampleReport | undefined,
  divergence: TextSpan | null,
): PairSide {
  const view = sampleView(uri, problem, index, base, report);
  const extraction = extractFinalAnswer(view.text);
  const slip = checkArithmetic(view.text).firstSlip;
  return {
    ...view,
    answer: extraction ? { start: extraction.start, end: extraction.end } : null,
    divergence,
    slip: slip ? { start: slip.start, end: slip.end, text: slip.text, expected: slip.leftValue } : null,
    verdict: report
      ? {
          equal: report.verdict.equal,
          gradable: report.verdict.gradable,
          rule: report.verdict.rule,
          reason: report.verdict.reason,
        }
      : null,
  };
}

/** The sample of `problem` whose range holds a finding (findings carry no problem id). */
function sampleOf(problem: Problem, item: FindingItem): number | undefined {
  if (item.sampleIndex === undefined) return undefined;
  const at = item.range.start.offset;
  const inside = problem.range.start.offset <= at && at <= problem.range.end.offset;
  return inside ? item.sampleIndex : undefined;
}

export function registerPanelData(ctx: ServerContext): void {
  const { connection, documents } = ctx;

  connection.onRequest(PanelPairRequest, async (params) => {
    const document = documents.get(params.uri);
    const found = document?.findProblem(params.problemId);
    if (!document || !found) return null;
    const { problem, index, segment } = found;
    const withIndex = params.withIndex ?? problem.samples.findIndex((s) => s.role === "positive");
    const chosen = problem.samples[withIndex];
    const rejected = problem.samples[params.sampleIndex];
    if (!chosen || !rejected || withIndex === params.sampleIndex) return null;
    const reports = (await currentAnalysis(ctx, document)).segment(index).samples;
    const split = firstDivergentStep(chosen.body.text, rejected.body.text);
    const base = segment.startLine;
    return {
      problem: problemView(document.uri, problem, base),
      chosen: pairSide(document.uri, problem, withIndex, base, reports[withIndex], split?.positive ?? null),
      rejected: pairSide(
        document.uri,
        problem,
        params.sampleIndex,
        base,
        reports[params.sampleIndex],
        split ? { start: split.negative.start, end: split.negative.end } : null,
      ),
    };
  });

  connection.onRequest(PanelOverviewRequest, async (params, token): Promise<OverviewData | null> => {
    const document = documents.get(params.uri);
    if (!document) return null;
    const analysis = await fullAnalysis(ctx, document, token);
    if (!analysis) throw new ResponseError(-32800, "cancelled");
    const rows: OverviewRow[] = [];
    const findings: Record<string, number> = {};
    let problems = 0;
    for (let i = 0; i < document.segments.length; i++) {
      const parsed = document.parsed(i);
      const { items, samples } = analysis.segment(i);
      const base = document.segments[i].startLine;
      for (const item of items) findings[item.code] = (findings[item.code] ?? 0) + 1;
      for (const problem of parsed.problems) {
        problems++;
        const gold = problem.answer ? problem.answer.text.trim() : null;
        problem.samples.forEach((sample, k) => {
          const report = samples.find((r) => r.problemId === problem.id && r.sampleIndex === k);
          const codes = items.filter((item) => sampleOf(problem, item) === k).map((item) => item.code);
          rows.push({
            uri: document.uri,
            problemId: problem.id,
            sampleIndex: k,
            role: sample.role,
            meta: Object.fromEntries(sample.meta.map((m) => [m.key, m.value])),
            gold,
            extracted: report?.verdict.extracted ?? null,
            correct: report && report.verdict.gradable ? report.verdict.equal : null,
            composite: report?.composite ?? null,
            components: Object.fromEntries((report?.components ?? []).map((c) => [c.name, c.value])),
            codes,
            chars: sample.body.text.length,
            range: toLspRange(sample.range, base),
          });
        });
      }
    }
    const present = new Set(rows.flatMap((row) => Object.keys(row.components)));
    const components = REWARD_COMPONENTS.filter((c) => present.has(c.id)).map((c) => ({
      name: c.id,
      label: c.label,
    }));
    return { uri: document.uri, problems, rows, findings, components };
  });
}
