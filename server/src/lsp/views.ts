/** Builds the protocol's plain views of problems and samples (for `pns/sampleAt`, `pns/compareData`). */
import type { SampleReport } from "../core/analysis/index";
import type { Problem } from "../core/format/ast";
import type { ProblemView, SampleView } from "../protocol/index";
import { componentViews } from "./breakdown";
import { toLspRange } from "./ranges";

export function problemView(uri: string, problem: Problem, base: number): ProblemView {
  return {
    uri,
    id: problem.id,
    statement: problem.statement.text,
    gold: problem.answer ? problem.answer.text.trim() : null,
    range: toLspRange(problem.range, base),
  };
}

export function sampleView(
  uri: string,
  problem: Problem,
  index: number,
  base: number,
  report: SampleReport | undefined,
): SampleView {
  const sample = problem.samples[index];
  return {
    uri,
    problemId: problem.id,
    index,
    role: sample.role,
    meta: Object.fromEntries(sample.meta.map((m) => [m.key, m.value])),
    text: sample.body.text,
    range: toLspRange(sample.range, base),
    extracted: report?.verdict.extracted ?? null,
    correct: report && report.verdict.gradable ? report.verdict.equal : null,
    composite: report?.composite ?? null,
    components: report ? componentViews(report, Date.now()) : [],
  };
}
