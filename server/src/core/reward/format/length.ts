import type { FormatRule } from "./rule";

/** Length within bounds, in words (whitespace-separated tokens) or characters. */
export const lengthRule: FormatRule<"length"> = {
  key: "length",
  codes: ["too-short", "too-long"],
  description: "Length within [min, max] words or characters.",
  check(response, params) {
    const byWords = params.unit === "words";
    const length = byWords ? response.words.count : response.contentEnd;
    const unit = byWords ? "words" : "characters";
    if (length < params.min) {
      return [
        {
          code: "too-short",
          message: `${length} ${unit}, fewer than ${params.min}`,
          start: 0,
          end: response.contentEnd,
          severity: "info",
        },
      ];
    }
    if (length > params.max) {
      // Point at the part beyond the limit.
      const start = byWords ? response.words.start(params.max) : params.max;
      return [
        {
          code: "too-long",
          message: `${length} ${unit}, more than ${params.max}`,
          start,
          end: response.contentEnd,
          severity: "info",
        },
      ];
    }
    return [];
  },
};
