import type { PnsSettings } from "../config/settings";
import type { FormatReport } from "./format/index";
import type { ComponentName, ComponentScore } from "./types";

/** The components of one sample, as computed or looked up. */
export interface CompositeInput {
  format: FormatReport;
  accuracy: ComponentScore;
  localCot: ComponentScore;
  /** Undefined when no reward model is configured; value null when it could not score. */
  rewardModel?: ComponentScore;
  judge?: ComponentScore;
}

export type CompositeOutcome = "malformed" | "unscorable" | "correct" | "plausibility";

export interface CompositeResult {
  /** The reward; null when the sample cannot be scored (the grader could not decide). */
  composite: number | null;
  outcome: CompositeOutcome;
  /** Every component, with the weight it had in this score (0 when left out). */
  components: ComponentScore[];
  /** The components the composite was computed from. */
  used: ComponentName[];
  reason: string;
  /** The lowest-valued component of the plausibility mean (what makes a negative implausible). */
  weakest?: ComponentScore;
}

export function formatComponent(format: FormatReport, weight: number, explain = true): ComponentScore {
  return {
    name: "format",
    value: format.score,
    weight,
    reason: !explain
      ? ""
      : format.violated.length === 0
        ? "every format rule passes"
        : `${format.malformed ? "malformed" : "violates"}: ${[...new Set(format.findings.map((f) => f.code))].join(", ")}`,
  };
}

const fmt = (v: number): string => String(Math.round(v * 1000) / 1000);

/**
 * The composite reward (docs/reward.md), following arXiv 2602.03516:
 * malformed → `penalties.malformed`; the grader cannot decide → null; answer equals the gold →
 * `penalties.correct`; otherwise the weighted mean of the available plausibility components
 * (format, reward model, judge, local CoT), weights renormalised over those present.
 * Without `explain` the numbers are the same and every `reason` is empty (see compositeFor).
 */
export function compositeReward(
  input: CompositeInput,
  settings: PnsSettings,
  explain = true,
): CompositeResult {
  const w = settings.weights;
  const plausibility: ComponentScore[] = [
    formatComponent(input.format, w.format, explain),
    ...(input.rewardModel ? [{ ...input.rewardModel, weight: w.rewardModel }] : []),
    ...(input.judge ? [{ ...input.judge, weight: w.judge }] : []),
    { ...input.localCot, weight: w.localCot },
  ];
  const all = [input.accuracy, ...plausibility];
  const leftOut = (c: ComponentScore): ComponentScore => ({ ...c, weight: 0 });

  if (input.format.malformed) {
    return {
      composite: settings.penalties.malformed,
      outcome: "malformed",
      components: all.map((c) => (c.name === "format" ? c : leftOut(c))),
      used: ["format"],
      reason: explain
        ? `malformed response (${input.format.violated.join(", ")}): hard penalty ${settings.penalties.malformed}`
        : "",
      weakest: plausibility[0],
    };
  }
  if (input.accuracy.value === null) {
    return {
      composite: null,
      outcome: "unscorable",
      components: all.map(leftOut),
      used: [],
      reason: explain ? `unscorable: ${input.accuracy.reason}` : "",
    };
  }
  if (input.accuracy.value === 0) {
    return {
      composite: settings.penalties.correct,
      outcome: "correct",
      components: all.map(leftOut),
      used: ["accuracy"],
      reason: explain
        ? `the answer equals the gold: no plausibility reward (${settings.penalties.correct})`
        : "",
    };
  }
  const available = plausibility.filter((c) => c.value !== null && c.weight > 0);
  const total = available.reduce((sum, c) => sum + c.weight, 0);
  const used: ComponentName[] = ["accuracy", ...available.map((c) => c.name)];
  const components = all.map((c) => (c.name === "accuracy" || available.includes(c) ? c : leftOut(c)));
  if (total === 0) {
    return {
      composite: 1,
      outcome: "plausibility",
      components,
      used: ["accuracy"],
      reason: explain ? "wrong, well-formed answer; no plausibility component available: full reward" : "",
    };
  }
  const composite = available.reduce((sum, c) => sum + c.weight * c.value!, 0) / total;
  const weakest = available.reduce((a, b) => (b.value! < a.value! ? b : a));
  const terms = explain
    ? available.map((c) => `${c.name} ${fmt(c.value!)}×${fmt(renormalised(c.weight, total))}`).join(" + ")
    : "";
  return {
    composite,
    outcome: "plausibility",
    components,
    used,
    reason: explain ? `wrong answer, plausibility = ${terms} = ${fmt(composite)}` : "",
    weakest,
  };
}

/** A plausibility weight as the mean uses it: divided by the total over the components present. */
const renormalised = (weight: number, total: number): number => weight / total;

/**
 * The weight each component had in the composite's formula, aligned with `result.components`:
 * in a plausibility mean, each weight renormalised over the components present (the numbers the
 * reason shows as `value×weight`), 0 for one left out; null for every component when the reward
 * is not a weighted mean (malformed, unscorable, correct: a penalty or nothing).
 */
export function formulaWeights(result: Pick<CompositeResult, "outcome" | "components">): (number | null)[] {
  if (result.outcome !== "plausibility") return result.components.map(() => null);
  const total = result.components.reduce((sum, c) => sum + (c.name === "accuracy" ? 0 : c.weight), 0);
  return result.components.map((c) =>
    c.name === "accuracy" || total === 0 ? 0 : renormalised(c.weight, total),
  );
}
