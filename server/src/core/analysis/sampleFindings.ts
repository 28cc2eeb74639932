import type { FindingSeverity, PnsSettings } from "../config/settings";
import type { Problem, Range, Sample } from "../format/ast";
import type { CompositeResult } from "../reward/composite";
import type { LocalScore } from "../reward/score";
import type { BodyPositions } from "./positions";
import type { Finding, FindingFix } from "./types";

/** What the per-sample checks need about one sample. */
export interface SampleContext {
  problem: Problem;
  sample: Sample;
  index: number;
  local: LocalScore;
  composite: CompositeResult;
  positions: BodyPositions;
  settings: PnsSettings;
  /** The problem's gold answer, trimmed ("" when there is none). */
  gold: string;
  /** Build quick fixes (see AnalyzeOptions.withFixes). */
  withFixes: boolean;
  /** `composite` with its reasons (the same object when the analysis explains). */
  explained: () => CompositeResult;
}

/** A finding before severities and suppressions are applied. */
export type RawFinding = Omit<Finding, "severity"> & { severity: FindingSeverity };

const fmt = (v: number): string => String(Math.round(v * 100) / 100);

function swapRole(sample: Sample): FindingFix {
  const to = sample.role === "negative" ? "positive" : "negative";
  return {
    title: `Move to ${to}s (make this sample @${to})`,
    edits: [{ range: sample.roleRange, newText: `@${to}` }],
    preferred: true,
  };
}

/** Whether `offset` in `text` is inside `$…$` (an odd number of unescaped `$` before it). */
function insideDollarMath(text: string, offset: number): boolean {
  let count = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "$") count++;
  }
  return count % 2 === 1;
}

function wrapInBoxed(ctx: SampleContext): FindingFix | undefined {
  const extraction = ctx.local.verdict.extraction;
  if (!extraction || extraction.method === "boxed") return undefined;
  const text = ctx.sample.body.text;
  const inMath = insideDollarMath(text, extraction.start);
  const answer = text.slice(extraction.start, extraction.end);
  return {
    title: `Wrap the final answer '${answer}' in \\boxed{}`,
    edits: [
      {
        range: ctx.positions.range(extraction.start, extraction.end),
        newText: inMath ? `\\boxed{${answer}}` : `$\\boxed{${answer}}$`,
      },
    ],
    preferred: true,
  };
}

/** Format rule violations, mapped to the file. */
export function formatFindings(ctx: SampleContext): RawFinding[] {
  return ctx.local.format.findings.map((f) => {
    const fix = ctx.withFixes && f.code === "no-final-answer" ? wrapInBoxed(ctx) : undefined;
    return {
      code: f.code,
      severity: f.severity,
      message: f.message,
      range: ctx.positions.range(f.start, f.end),
      ...(fix ? { fixes: [fix] } : {}),
    };
  });
}

/** Where to point at the answer: the extracted answer when known, else the sample's directive line. */
function answerRange(ctx: SampleContext): Range {
  const e = ctx.local.verdict.extraction;
  return e ? ctx.positions.range(e.start, e.end) : ctx.sample.headerRange;
}

/** `positive-incorrect`, `negative-correct`, `ungradable`. */
export function accuracyFindings(ctx: SampleContext): RawFinding[] {
  const v = ctx.local.verdict;
  const gold = ctx.gold;
  if (gold === "") return [];
  if (!v.gradable) {
    // No answer at all is already `no-final-answer`; saying it twice is noise.
    if (v.extracted === null && ctx.local.format.findings.some((f) => f.code === "no-final-answer"))
      return [];
    return [
      {
        code: "ungradable",
        severity: "info",
        message: `Cannot grade this sample: ${v.reason}`,
        range: answerRange(ctx),
      },
    ];
  }
  if (ctx.sample.role === "positive" && !v.equal) {
    return [
      {
        code: "positive-incorrect",
        severity: "error",
        message: `Positive answer \`${v.extracted ?? "(none)"}\` does not equal the gold \`${gold}\` (${v.rule}): ${v.reason}`,
        range: answerRange(ctx),
        ...(ctx.withFixes ? { fixes: [swapRole(ctx.sample)] } : {}),
      },
    ];
  }
  if (ctx.sample.role === "negative" && v.equal) {
    return [
      {
        code: "negative-correct",
        severity: "error",
        message: `Negative is correct: \`${v.extracted ?? ""}\` equals the gold \`${gold}\` (${v.rule}): ${v.reason}`,
        range: answerRange(ctx),
        ...(ctx.withFixes ? { fixes: [swapRole(ctx.sample)] } : {}),
      },
    ];
  }
  return [];
}

/** Most arithmetic-slip findings per sample; the last one shown says how many more there are. */
const MAX_SLIPS = 10;

/** Every false arithmetic claim (up to a cap); the first is where the arithmetic goes wrong. */
export function arithmeticFindings(ctx: SampleContext): RawFinding[] {
  // In a negative a slip is expected (it is what makes it wrong); in a positive it is suspicious.
  const severity: FindingSeverity = ctx.sample.role === "positive" ? "warning" : "info";
  const all = ctx.local.arithmetic.falseClaims;
  const more = all.length - MAX_SLIPS;
  return all.slice(0, MAX_SLIPS).map((claim, k) => ({
    code: "arithmetic-slip",
    severity,
    message:
      `${k === 0 ? "First false" : "False"} arithmetic claim: \`${claim.text}\` (left side ${claim.leftValue}, right side ${claim.rightValue})` +
      (k === MAX_SLIPS - 1 && more > 0 ? `; ${more} more false claims not shown` : ""),
    range: ctx.positions.range(claim.start, claim.end),
  }));
}

/** A negative whose composite is below the threshold teaches little (arXiv 2602.03516). */
export function plausibilityFindings(ctx: SampleContext): RawFinding[] {
  const scored = ctx.composite;
  if (ctx.sample.role !== "negative" || scored.composite === null) return [];
  if (scored.outcome === "correct" || scored.composite >= ctx.settings.implausibleThreshold) return [];
  // The message names the weakest component's reason: explained now if the analysis did not.
  const c = ctx.explained();
  const weakest = c.weakest;
  const why = weakest
    ? `weakest component: ${weakest.name} ${weakest.value === null ? "unscored" : fmt(weakest.value)} (${weakest.reason})`
    : c.reason;
  return [
    {
      code: "implausible-negative",
      severity: "warning",
      message: `Implausible negative: reward ${fmt(scored.composite)} < ${ctx.settings.implausibleThreshold}; ${why}`,
      range: ctx.sample.headerRange,
    },
  ];
}
