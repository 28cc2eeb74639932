import type { PnsSettings } from "../config/settings";
import type { Problem, Sample } from "../format/ast";
import type { RemoteScoreLookup } from "../reward/remote";
import { ResponseText } from "../reward/format/responseText";
import { compositeFor, localScore, type RemoteScores, type ResponseGrader } from "../reward/score";
import type { AnalysisCache, SampleLocal } from "./cache";
import { findDuplicates, fingerprint } from "./duplicates";
import { BodyPositions } from "./positions";
import { remoteRequest } from "./remoteRequests";
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
  /**
   * Build each finding's quick fixes (default true). The language server keeps a 40 MB file's
   * findings without them (millions of small objects) and asks again for the few it shows.
   */
  withFixes?: boolean;
  /**
   * Write the reports' reasons (default true). Without, reports have the same numbers and empty
   * reasons, and findings still say why (what a finding's message needs is explained then): the
   * language server keeps only numbers of a whole file and explains the samples it shows.
   */
  explain?: boolean;
}

/** Whether the text has anything but whitespace (without the copy `trim()` makes). */
const hasContent = (text: string): boolean => /\S/.test(text);

function suppressFix(sample: Sample, code: string): FindingFix {
  const at = { ...sample.headerRange.start, character: 0 };
  return {
    title: `Disable ${code} for this sample`,
    edits: [{ range: { start: at, end: at }, newText: `@# pns-disable-next-sample ${code}\n` }],
  };
}

/** Equal after collapsing whitespace (identical text, the common case, needs no copies). */
function sameText(a: string, b: string): boolean {
  return a === b || a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();
}

/** Duplicate, near-duplicate and length-shortcut findings, which compare samples of one problem. */
function crossSampleFindings(
  problem: Problem,
  locals: readonly SampleLocal[],
  settings: PnsSettings,
): Map<number, RawFinding[]> {
  const out = new Map<number, RawFinding[]>();
  const add = (index: number, f: RawFinding): void => {
    const list = out.get(index);
    if (list) list.push(f);
    else out.set(index, [f]);
  };
  const samples = problem.samples;
  const describe = (i: number): string => `sample ${i + 1} (${samples[i].role})`;
  const prints = locals.map((l) => l.fingerprint);
  for (const m of findDuplicates(prints, settings.duplicates.nearThreshold)) {
    // A 53-bit hash match is checked against the text, so a collision never reports a duplicate.
    if (m.exact && !sameText(samples[m.index].body.text, samples[m.of].body.text)) continue;
    add(m.index, {
      code: m.exact ? "duplicate-sample" : "near-duplicate-sample",
      severity: m.exact ? "warning" : "info",
      message: m.exact
        ? `Duplicate of ${describe(m.of)}: the same text`
        : `Nearly identical to ${describe(m.of)} (shingle Jaccard ${m.similarity.toFixed(2)})`,
      range: samples[m.index].headerRange,
    });
  }
  const positiveWords = samples.flatMap((s, i) => (s.role === "positive" ? [prints[i].wordCount] : []));
  if (positiveWords.length > 0) {
    const shortest = Math.min(...positiveWords);
    samples.forEach((s, i) => {
      if (s.role !== "negative") return;
      const words = prints[i].wordCount;
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

const NO_REMOTE_SCORES: RemoteScores = Object.freeze({});

/** The remote scores known for one sample (none asked for without a lookup). */
function remoteScores(
  remote: RemoteScoreLookup | undefined,
  problem: Problem,
  sampleIndex: number,
): RemoteScores {
  if (!remote) return NO_REMOTE_SCORES;
  const request = remoteRequest(problem, sampleIndex);
  return { rewardModel: remote.get(request, "rewardModel"), judge: remote.get(request, "judge") };
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
  try {
    return analyzeProblemUnguarded(problem, settings, remote, options);
  } catch (error) {
    // A defect of ours met on some input must not cost the rest of the file its analysis (the
    // editor, the CLI and the reward server all go through here): the problem says what failed.
    const message = error instanceof Error ? error.message : String(error);
    return {
      findings: [
        {
          code: "analysis-error",
          severity: "error",
          message: `PNS could not analyse problem '${problem.id}': ${message}. Please report this with the problem's text.`,
          range: problem.headerRange,
          problemId: problem.id,
        },
      ],
      samples: [],
    };
  }
}

function analyzeProblemUnguarded(
  problem: Problem,
  settings: PnsSettings,
  remote: RemoteScoreLookup | undefined,
  options: AnalyzeOptions,
): ProblemAnalysis {
  const findings: Finding[] = [];
  const samples: SampleReport[] = [];
  const eolLength = options.eol === "\r\n" ? 2 : 1;
  const gold = problem.answer?.text.trim() ?? "";
  const cache = options.cache;
  cache?.useSettings(settings);
  const locals = problem.samples.map((sample): SampleLocal => {
    const key = cache?.key(gold, sample.body.text);
    const hit = key !== undefined ? cache!.get(key) : undefined;
    if (hit) return hit;
    const response = new ResponseText(sample.body.text);
    const computed = {
      score: localScore(gold, response, settings, options.grade),
      fingerprint: fingerprint(response, settings.duplicates.shingle),
    };
    if (key !== undefined) cache!.set(key, computed);
    return computed;
  });
  const cross = crossSampleFindings(problem, locals, settings);

  const withFixes = options.withFixes !== false;
  const explain = options.explain !== false;
  problem.samples.forEach((sample, index) => {
    const response = sample.body.text;
    const local = locals[index].score;
    const scores = remoteScores(remote, problem, index);
    const composite = compositeFor(local, settings, scores, explain);
    const positions = new BodyPositions(sample.body, eolLength);
    const ctx: SampleContext = {
      problem,
      sample,
      index,
      local,
      composite,
      positions,
      settings,
      gold,
      withFixes,
      explained: () => (explain ? composite : compositeFor(local, settings, scores)),
    };
    // An empty response is the parser's `empty-sample`; rule findings on nothing would be noise.
    const raw: RawFinding[] = [];
    if (hasContent(response)) {
      raw.push(...formatFindings(ctx), ...accuracyFindings(ctx), ...arithmeticFindings(ctx));
      raw.push(...plausibilityFindings(ctx), ...(cross.get(index) ?? []));
    }
    const suppressed = raw.length > 0 ? sampleSuppressions(sample) : undefined;
    for (const f of raw) {
      const severity = resolveSeverity(f.code, f.severity, settings);
      if (severity === "off" || isSuppressed(f.code, suppressed, options.fileSuppressed)) continue;
      findings.push({
        code: f.code,
        severity,
        message: f.message,
        range: f.range,
        problemId: problem.id,
        sampleIndex: index,
        ...(withFixes ? { fixes: [...(f.fixes ?? []), suppressFix(sample, f.code)] } : {}),
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
