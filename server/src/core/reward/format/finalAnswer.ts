import type { FormatRule } from "./rule";

/** Box contents compared loosely: `\boxed{72}` and `\boxed{ 72 }` are the same answer repeated. */
const canonical = (content: string): string =>
  content.replace(/\s+|\\[,;!: ]|\\(?:d|t)?frac/g, (m) =>
    m.startsWith("\\") && m.endsWith("frac") ? "\\frac" : "",
  );

/**
 * Exactly one final answer, in `\boxed{}`, near the end. Repeating the same box is allowed (models
 * restate their answer); two different boxes are ambiguous to any grader.
 */
export const finalAnswerRule: FormatRule<"finalAnswer"> = {
  key: "finalAnswer",
  codes: ["no-final-answer", "multiple-final-answers", "answer-not-at-end"],
  // Text after the answer (a check, a summary) is untidy, not broken.
  softCodes: ["answer-not-at-end"],
  description: "Exactly one final answer in \\boxed{} near the end.",
  check(response, params) {
    const boxes = response.boxes;
    const end = response.contentEnd;
    if (boxes.length === 0) {
      const lineStart = response.text.lastIndexOf("\n", Math.max(0, end - 1)) + 1;
      return [
        {
          code: "no-final-answer",
          message:
            "No final answer in \\boxed{}: graders and the accuracy check cannot find the answer reliably",
          start: Math.min(lineStart, end),
          end,
          severity: "warning",
        },
      ];
    }
    const findings = [];
    // Most responses have one box: nothing to compare, no canonical form to build.
    const first = boxes.length > 1 ? canonical(boxes[0].content) : "";
    let other: (typeof boxes)[number] | undefined;
    for (let k = 1; k < boxes.length && !other; k++)
      if (canonical(boxes[k].content) !== first) other = boxes[k];
    if (other) {
      findings.push({
        code: "multiple-final-answers",
        message: `Several different final answers: \\boxed{${boxes[0].content}} and \\boxed{${other.content}}`,
        start: other.start,
        end: other.end,
        severity: "warning" as const,
      });
    }
    const last = boxes[boxes.length - 1];
    const after = end - last.end;
    if (after > params.maxCharsAfter) {
      findings.push({
        code: "answer-not-at-end",
        message: `The final \\boxed{} answer is followed by ${after} more characters (at most ${params.maxCharsAfter})`,
        start: last.start,
        end: last.end,
        severity: "info" as const,
      });
    }
    return findings;
  },
};
