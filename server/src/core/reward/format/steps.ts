import { splitSteps } from "../steps";
import type { FormatRule } from "./rule";

/** Too few reasoning steps: a bare answer teaches a preference model nothing about reasoning. */
export const stepsRule: FormatRule<"steps"> = {
  key: "steps",
  codes: ["too-few-steps"],
  description: "At least minSteps reasoning steps (lines or sentences).",
  check(response, params) {
    const steps = splitSteps(response.text);
    if (steps.length >= params.minSteps) return [];
    const firstLineEnd = response.text.indexOf("\n");
    return [
      {
        code: "too-few-steps",
        message: `${steps.length} reasoning step${steps.length === 1 ? "" : "s"}, fewer than ${params.minSteps}`,
        start: 0,
        end: firstLineEnd < 0 ? response.contentEnd : firstLineEnd,
        severity: "info",
      },
    ];
  },
};
