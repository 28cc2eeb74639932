/**
 * Hovers. On a sample: its composite and a Markdown table of the reward breakdown (component,
 * weight, value, reason, provenance, cache age). On the gold answer: its normalised value and how
 * every sample's answer compares. On a sample's final answer (`\boxed{}`): the extracted and
 * normalised value and the grader's verdict with its reason.
 */
import { MarkupKind, type Hover, type Position } from "vscode-languageserver";
import type { SampleReport } from "../core/analysis/index";
import type { Problem } from "../core/format/ast";
import { normalizeAnswer } from "../core/grader/index";
import { formulaWeights } from "../core/reward/index";
import { currentAnalysis } from "./documentAnalysis/current";
import { componentLabel, formatAge, provenanceOf, cacheAgeSeconds, score } from "./breakdown";
import type { ServerContext } from "./context";
import type { PnsDocument } from "./document/pnsDocument";
import { rangeContains, toLspRange } from "./ranges";

/** Keeps table cells on one line and stops Markdown from reading them as markup. */
const cell = (text: string): string =>
  text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ")
    .replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;"));
const code = (text: string): string => `\`${text.replace(/`/g, "'").replace(/\r?\n/g, " ")}\``;

function breakdownTable(report: SampleReport, now: number): string {
  // The weights the formula used (renormalised), not the configured ones: the table must add up.
  const weights = formulaWeights(report);
  const rows = report.components.map((c, i) => {
    const age = formatAge(cacheAgeSeconds(c, now));
    const weight = weights[i];
    return `| ${componentLabel(c.name)} | ${weight === null ? "—" : weight.toFixed(2)} | ${score(c.value)} | ${cell(c.reason)} | ${cell(provenanceOf(c))} | ${age} |`;
  });
  return [
    `**${report.role} #${report.sampleIndex + 1}** · composite **${score(report.composite)}** (${report.outcome})`,
    "",
    "| component | weight | value | reason | provenance | cache age |",
    "| --- | ---: | ---: | --- | --- | --- |",
    ...rows,
    "",
    cell(report.reason),
  ].join("\n");
}

function verdictLine(report: SampleReport): string {
  const v = report.verdict;
  const mark = !v.gradable ? "?" : v.equal ? "✓" : "✗";
  return `${report.role} #${report.sampleIndex + 1}: ${v.extracted === null ? "no answer" : code(v.extracted)} ${mark}`;
}

function goldHover(problem: Problem, reports: SampleReport[]): string {
  const gold = problem.answer?.text.trim() ?? "";
  const normalized = normalizeAnswer(gold);
  return [
    `**Gold answer** ${code(gold)}`,
    "",
    `Normalised: ${code(normalized.normalized)} (${normalized.kind})`,
    "",
    ...reports.map((r) => `- ${verdictLine(r)}`),
  ].join("\n");
}

function answerHover(report: SampleReport): string {
  const v = report.verdict;
  const extracted = v.extracted ?? "";
  const normalized = normalizeAnswer(extracted);
  const verdict = !v.gradable ? "not gradable" : v.equal ? "equals the gold" : "differs from the gold";
  return [
    `**Final answer** ${code(extracted)} → ${code(normalized.normalized)} (${normalized.kind})`,
    "",
    `${verdict} ${code(v.gold)} by rule \`${v.rule}\`: ${cell(v.reason)}`,
  ].join("\n");
}

export async function hover(
  ctx: ServerContext,
  document: PnsDocument,
  position: Position,
): Promise<Hover | null> {
  const at = document.problemAtLine(position.line);
  if (!at) return null;
  const analysis = await currentAnalysis(ctx, document);
  const base = at.segment.startLine;
  const reports = analysis.segment(at.index).samples.filter((r) => r.problemId === at.problem.id);
  const answer = at.problem.answer;
  if (answer && rangeContains(answer.valueRange, base, position)) {
    return {
      contents: { kind: MarkupKind.Markdown, value: goldHover(at.problem, reports) },
      range: toLspRange(answer.valueRange, base),
    };
  }
  const report = reports.find(
    (r) => rangeContains(r.range, base, position) && r.range.start.line <= position.line - base,
  );
  if (!report) return null;
  const extracted = report.verdict.extractedRange;
  if (extracted && rangeContains(extracted, base, position)) {
    return {
      contents: { kind: MarkupKind.Markdown, value: answerHover(report) },
      range: toLspRange(extracted, base),
    };
  }
  if (!analysis.settings.editor.hoverBreakdown) return null;
  return { contents: { kind: MarkupKind.Markdown, value: breakdownTable(report, Date.now()) } };
}

export function registerHover(ctx: ServerContext): void {
  ctx.connection.onHover(async (params) => {
    const document = ctx.documents.get(params.textDocument.uri);
    return document ? hover(ctx, document, params.position) : null;
  });
}
