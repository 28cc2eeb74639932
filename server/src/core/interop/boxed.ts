import { lastBoxContent } from "../latex/boxes";

/**
 * The content of the last brace-matched `\boxed{…}`, `\boxed x` or `\fbox{…}` in `text`, or null
 * when there is none; read by the core's one box finder (core/latex/boxes.ts), so import and the
 * grader agree on what a box holds. `\boxed{\frac{1}{2}}` yields `\frac{1}{2}`; an escaped brace
 * (`\{`, `\}`) does not count; an unclosed box is ignored rather than guessed at.
 *
 * Import uses this to find MATH's gold answer and the gold of TRL rows without an answer column;
 * grading answers is the grader's job (server/src/core/grader), not this function's.
 */
export function lastBoxed(text: string): string | null {
  return lastBoxContent(text);
}
