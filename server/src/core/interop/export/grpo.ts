import type { PnsFile } from "../../format/ast";
import { type ChatMessage, promptFor, type PromptOptions } from "./common";

/** One prompt for the reverse-RL (GRPO) job; TRL hands `answer` to the reward function. */
export interface GrpoRow {
  prompt: string | ChatMessage[];
  answer: string;
  id: string;
}

export function* grpoRows(file: PnsFile, prompt: PromptOptions): Generator<GrpoRow> {
  for (const problem of file.problems) {
    yield { prompt: promptFor(problem, prompt), answer: problem.answer?.text ?? "", id: problem.id };
  }
}
