import type { PnsFile, Problem, Sample } from "../../format/ast";
import { gradeResponse } from "../../grader/index";
import { type ChatMessage, completionFor, isUsable, promptFor, type PromptOptions } from "./common";
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
}

export interface DpoChecks {
  /**
   * Grade each sample against the gold answer and leave out the ones whose role contradicts the
   * grade (a "negative" with the right answer, a "positive" with a wrong one): as DPO pairs they
   * would teach the model to prefer a wrong answer. Ungradable samples are kept.
   */
  verifyAnswers?: boolean;
}

/** Whether a sample's role agrees with the grader (ungradable counts as agreeing). */
function roleAgreesWithGrade(problem: Problem, sample: Sample): boolean {
  if (problem.answer === undefined) return true;
  const verdict = gradeResponse(problem.answer.text, sample.body.text);
  if (!verdict.gradable) return true;
  return verdict.equal === (sample.role === "positive");
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
    const usable = checks.verifyAnswers ? reviewed.filter((s) => roleAgreesWithGrade(problem, s)) : reviewed;
    if (checks.verifyAnswers)
      summary.mislabelledSamples = (summary.mislabelledSamples ?? 0) + reviewed.length - usable.length;
    const positives = usable.filter((s) => s.role === "positive");
    // A pair whose chosen and rejected texts are equal has no preference to learn; such a
    // negative is a labelling slip (the TRL import warns about it, lint reports it).
    const positiveTexts = new Set(positives.map((s) => s.body.text));
    const negatives = usable.filter((s) => s.role === "negative" && !positiveTexts.has(s.body.text));
    summary.negativesEqualToPositive += usable.length - positives.length - negatives.length;
    const pairs = pairSamples(problem.id, positives.length, negatives.length, pairing);
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
