import { isSpace } from "./codeUnits";
import type { FormatRule } from "./rule";

const LF = 10;

/** `[A-Za-z0-9]`: a step needs one of these. */
const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Whether a sentence ends at the `.`, `!` or `?` just before `from`: whitespace on the same line,
 * then a capital, `$` or `\` (the lookahead of `splitSteps`' sentence regex).
 */
function sentenceFollows(text: string, from: number): boolean {
  let k = from;
  for (let c = text.charCodeAt(k); c !== LF && isSpace(c); c = text.charCodeAt(++k));
  if (k === from) return false;
  const c = text.charCodeAt(k);
  return (c >= 65 && c <= 90) || c === 36 || c === 92;
}

/**
 * The number of steps `splitSteps` finds in `text` (lines with a letter or digit, long lines split
 * into sentences), counted without building them, and only up to `limit`: the rule needs to know
 * whether there are at least `minSteps`, so a response usually stops being read on its second line.
 * `splitSteps` built every step's string with a regex per line, a sixth of the format rules' time.
 */
export function countSteps(text: string, limit: number): number {
  let count = 0;
  // Whether the current step (the line or sentence read so far) has a letter or digit.
  let hasAlnum = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isAlnum(c)) {
      // The current step counts whatever follows: no need to read to its end.
      if (count + 1 >= limit) return count + 1;
      hasAlnum = true;
      continue;
    }
    const endsStep = c === LF || ((c === 46 || c === 33 || c === 63) && sentenceFollows(text, i + 1));
    if (!endsStep) continue;
    if (hasAlnum) count++;
    hasAlnum = false;
  }
  return hasAlnum ? count + 1 : count;
}

/** Too few reasoning steps: a bare answer teaches a preference model nothing about reasoning. */
export const stepsRule: FormatRule<"steps"> = {
  key: "steps",
  codes: ["too-few-steps"],
  description: "At least minSteps reasoning steps (lines or sentences).",
  check(response, params) {
    const steps = countSteps(response.text, params.minSteps);
    if (steps >= params.minSteps) return [];
    const firstLineEnd = response.text.indexOf("\n");
    return [
      {
        code: "too-few-steps",
        message: `${steps} reasoning step${steps === 1 ? "" : "s"}, fewer than ${params.minSteps}`,
        start: 0,
        end: firstLineEnd < 0 ? response.contentEnd : firstLineEnd,
        severity: "info",
      },
    ];
  },
};
