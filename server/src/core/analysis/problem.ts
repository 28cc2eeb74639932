import type { PnsSettings } from "../config/settings";
import type { Problem, Sample } from "../format/ast";
import type { RemoteScoreLookup, RemoteScoreRequest } from "../reward/remote";
import { compositeFor, localScore, type LocalScore, type ResponseGrader } from "../reward/score";
import type { AnalysisCache } from "./cache";
import { findDuplicates } from "./duplicates";
import { BodyPositions } from "./positions";
import {
  accuracyFindings,
  arithmeticFindings,
  formatFindings,
  plausibilityFindings,
  type RawFinding,
  type SampleContext,
} from "./sampleFindings";
import { resolveSeverity } from "./severity";
import { isSuppressed, sampleSuppressions, type Suppressed } from "./suppress";
import type { Finding, FindingFix, ProblemAnalysis, SampleReport } from "./types";

export interface AnalyzeOptions {
  /** Reuse local scores across calls (the language server keeps one per document). */
  cache?: AnalysisCache;
  /** The answer grader; the core's grader unless a test injects another. */
  grade?: ResponseGrader;
  /** The file's line end, for absolute offsets (`\n` by default). */
  eol?: "\n" | "\r\n";
  /** Codes suppressed for the whole file (`@# pns-disable …`). */
  fileSuppressed?: Suppressed;
}

const countWords = (text: string): number => {
  let n = 0;
  for (const _ of text.matchAll(/\S+/g)) n++;
  return n;
};

function suppressFix(sample: Sample, code: string): FindingFix {
  const at = { ...sample.headerRange.start, character: 0 };
  return {
    title: `Disable ${code} for this sample`,
    edits: [{ range: { start: at, end: at }, newText: `@# pns-disable-next-sample ${code}\n` }],
  };
}

/** Duplicate, near-duplicate and length-shortcut findings, which compare samples of one problem. */
function crossSampleFindings(problem: Problem, settings: PnsSettings): Map<number, RawFinding[]> {
  const out = new Map<number, RawFinding[]>();
  const add = (index: number, f: RawFinding): void => {
    const list = out.get(index);
    if (list) list.push(f);
    else out.set(index, [f]);
  };
  const samples = problem.samples;
  const describe = (i: number): string => `sample ${i + 1} (${samples[i].role})`;
  for (const m of findDuplicates(
    samples.map((s) => s.body.text),
    settings.duplicates.shingle,
    settings.duplicates.nearThreshold,
  )) {
    add(m.index, {
      code: m.exact ? "duplicate-sample" : "near-duplicate-sample",
      severity: m.exact ? "warning" : "info",
      message: m.exact
        ? `Duplicate of ${describe(m.of)}: the same text`
        : `Nearly identical to ${describe(m.of)} (shingle Jaccard ${m.similarity.toFixed(2)})`,
      range: samples[m.index].headerRange,
    });
  }
  const positiveWords = samples.filter((s) => s.role === "positive").map((s) => countWords(s.body.text));
  if (positiveWords.length > 0) {
    const shortest = Math.min(...positiveWords);
    samples.forEach((s, i) => {
      if (s.role !== "negative") return;
      const words = countWords(s.body.text);
      if (words > 0 && words < settings.shortNegative.ratio * shortest) {
        add(i, {
          code: "short-negative",
          severity: "info",
          message: `Negative has ${words} words, under ${Math.round(settings.shortNegative.ratio * 100)}% of the shortest positive (${shortest} words): a length shortcut a model can learn instead of reasoning`,
          range: s.headerRange,
        });
      }
    });
  }
  return out;
}

/**
 * Analyses one problem: every sample's findings and reward report, with absolute ranges. Used by
 * {@link analyzeFile} and directly by the language server to re-analyse only a changed problem.
 */
export function analyzeProblem(
  problem: Problem,
  settings: PnsSettings,
  remote?: RemoteScoreLookup,
  options: AnalyzeOptions = {},
): ProblemAnalysis {
  const findings: Finding[] = [];
  const samples: SampleReport[] = [];
  const eolLength = options.eol === "\r\n" ? 2 : 1;
  const gold = problem.answer?.text.trim() ?? "";
  const cross = crossSampleFindings(problem, settings);
  options.cache?.useSettings(settings);

  problem.samples.forEach((sample, index) => {
    const response = sample.body.text;
    let local: LocalScore | undefined;
    const key = options.cache?.key(gold, response);
    if (key !== undefined) local = options.cache!.get(key);
    if (!local) {
      local = localScore(gold, response, settings, options.grade);
      if (key !== undefined) options.cache!.set(key, local);
    }
    const request: RemoteScoreRequest = {
      problemId: problem.id,
      sampleIndex: index,
      problem: problem.statement.text,
      gold,
      response,
    };
    const composite = compositeFor(local, settings, {
      rewardModel: remote?.get(request, "rewardModel"),
      judge: remote?.get(request, "judge"),
    });
    const positions = new BodyPositions(sample.body, eolLength);
    const ctx: SampleContext = { problem, sample, index, local, composite, positions, settings };
    const raw = [
      ...formatFindings(ctx),
      ...accuracyFindings(ctx),
      ...arithmeticFindings(ctx),
      ...plausibilityFindings(ctx),
      ...(cross.get(index) ?? []),
    ];
    const suppressed = sampleSuppressions(sample);
    for (const f of raw) {
      const severity = resolveSeverity(f.code, f.severity, settings);
      if (severity === "off" || isSuppressed(f.code, suppressed, options.fileSuppressed)) continue;
      findings.push({
        ...f,
        severity,
        problemId: problem.id,
        sampleIndex: index,
        fixes: [...(f.fixes ?? []), suppressFix(sample, f.code)],
      });
    }
    const v = local.verdict;
    const slip = local.arithmetic.firstSlip;
    samples.push({
      problemId: problem.id,
      sampleIndex: index,
      role: sample.role,
      range: sample.range,
      composite: composite.composite,
      outcome: composite.outcome,
      components: composite.components,
      used: composite.used,
      reason: composite.reason,
      malformed: local.format.malformed,
      verdict: {
        equal: v.equal,
        gradable: v.gradable,
        extracted: v.extracted,
        ...(v.extraction ? { extractedRange: positions.range(v.extraction.start, v.extraction.end) } : {}),
        rule: v.rule,
        reason: v.reason,
        gold,
      },
      ...(slip ? { firstSlip: { text: slip.text, range: positions.range(slip.start, slip.end) } } : {}),
    });
  });
  findings.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { findings, samples };
}
