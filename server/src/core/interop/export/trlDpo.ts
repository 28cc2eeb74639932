import type { PnsFile } from "../../format/ast";
import { type ChatMessage, completionFor, isUsable, promptFor, type PromptOptions } from "./common";
import { applyGradeChecks, unpairedCount } from "./gradeChecks";
import { type PairingOptions, pairSamples } from "./pairing";

/** One row of a TRL preference dataset, with the problem id and gold answer as extra columns. */
export interface DpoRow {
  prompt: string | ChatMessage[];
  chosen: string | ChatMessage[];
  rejected: string | ChatMessage[];
  id: string;
  answer: string;
}

export interface DpoSummary {
  pairs: number;
  /** Problems with no usable positive or no usable negative, hence no pairs. */
  unpairedProblems: number;
  /** Samples left out because a reviewer marked them `status=rejected`. */
  rejectedSamples: number;
  /** Negatives left out because a positive of the same problem has the very same text. */
  negativesEqualToPositive: number;
  /** With `verifyAnswers`: negatives whose answer equals the gold, positives whose answer differs. */
  mislabelledSamples?: number;
  /** Without `keepUngradable`: samples the grader cannot decide (no final answer, over a bound). */
  ungradableSamples?: number;
  /** Usable samples that ended up in no pair (their problem has no partner, or the cap was reached). */
  unpairedSamples?: number;
}

export interface DpoChecks {
  /**
   * Grade each sample against the gold answer and leave out the ones whose role contradicts the
   * grade (a "negative" with the right answer, a "positive" with a wrong one): as DPO pairs they
   * would teach the model to prefer a wrong answer.
   */
  verifyAnswers?: boolean;
  /**
   * Keep samples the grader cannot decide (no final answer, over a size bound). By default they
   * are left out: a pair whose rejected side has no answer teaches "write an answer", not
   * "reason correctly", and the floor keeps such pairs out of a plausible-negative dataset.
   */
  keepUngradable?: boolean;
}

/**
 * Preference rows for TRL's DPO trainer, problem by problem (a generator, so the caller can write
 * rows as they come). `summary` is filled in as rows are produced.
 */
export function* dpoRows(
  file: PnsFile,
  pairing: PairingOptions,
  prompt: PromptOptions,
  summary: DpoSummary = { pairs: 0, unpairedProblems: 0, rejectedSamples: 0, negativesEqualToPositive: 0 },
  checks: DpoChecks = {},
): Generator<DpoRow> {
  for (const problem of file.problems) {
    const reviewed = problem.samples.filter(isUsable);
    summary.rejectedSamples += problem.samples.length - reviewed.length;
    const usable = applyGradeChecks(problem, reviewed, checks, summary);
    const positives = usable.filter((s) => s.role === "positive");
    // A pair whose chosen and rejected texts are equal has no preference to learn; such a
    // negative is a labelling slip (the TRL import warns about it, lint reports it).
    const positiveTexts = new Set(positives.map((s) => s.body.text));
    const negatives = usable.filter((s) => s.role === "negative" && !positiveTexts.has(s.body.text));
    summary.negativesEqualToPositive += usable.length - positives.length - negatives.length;
    const pairs = pairSamples(problem.id, positives.length, negatives.length, pairing);
    summary.unpairedSamples =
      (summary.unpairedSamples ?? 0) + unpairedCount(pairs, positives.length, negatives.length);
    if (pairs.length === 0) {
      summary.unpairedProblems++;
      continue;
    }
    const promptValue = promptFor(problem, prompt);
    for (const [p, n] of pairs) {
      summary.pairs++;
      yield {
        prompt: promptValue,
        chosen: completionFor(positives[p], prompt.conversational),
        rejected: completionFor(negatives[n], prompt.conversational),
        id: problem.id,
        answer: problem.answer?.text ?? "",
      };
    }
  }
}
