// What `pns grade --explain` shows for one side: the answer text compared, the clean-up's
// output, and the LaTeX kernel's tokens of both, so a user can see why two answers differ (a
// `\\` read as a row break, a unit kept as a word, a comma read as a list separator).
import { describeTokens } from "../latex/tokens";
import { parseAnswer } from "./parseAnswer";

export interface AnswerExplanation {
  /** The answer text as compared (after extraction). */
  answer: string;
  /** The text after normalisation (what the value parser read). */
  clean: string;
  /** The kernel's tokens of the answer, one `kind:text` per token. */
  tokens: string;
  /** The kernel's tokens of the normalised text. */
  cleanTokens: string;
  kind: string;
  normalized: string;
}

export function explainAnswer(answer: string): AnswerExplanation {
  const p = parseAnswer(answer);
  return {
    answer,
    clean: p.clean,
    tokens: describeTokens(answer),
    cleanTokens: describeTokens(p.clean),
    kind: p.choice !== null ? "choice" : p.kind,
    normalized: p.choice ?? p.normalized,
  };
}
