import type { ResponseFinding } from "../types";
import type { FormatRule } from "./rule";

const MAX_REPORTED = 5;

/**
 * Balanced `$` delimiters, `\(\)`, `\[\]`, braces and environments. What is still open at the very
 * end is the truncation rule's business; this rule reports stray closers and constructs left open
 * in the middle (a `$` never closed in its paragraph, a `{` left open inside `$…$`).
 */
export const unbalancedMathRule: FormatRule<"unbalancedMath"> = {
  key: "unbalancedMath",
  codes: ["unbalanced-math"],
  description: "Balanced $ delimiters and braces.",
  check(response) {
    const { strayClosers, unclosed } = response.math;
    if (strayClosers.length === 0 && unclosed.length === 0) return [];
    const findings: ResponseFinding[] = [];
    for (const c of strayClosers) {
      findings.push({
        code: "unbalanced-math",
        message: `'${c.text}' closes nothing`,
        start: c.start,
        end: c.end,
        severity: "warning",
      });
    }
    for (const o of unclosed) {
      const what = o.kind === "env" ? `\\begin{${o.name}}` : `'${o.kind}'`;
      findings.push({
        code: "unbalanced-math",
        message: `${what} is never closed`,
        start: o.start,
        end: o.end,
        severity: "warning",
      });
    }
    findings.sort((a, b) => a.start - b.start);
    return findings.slice(0, MAX_REPORTED);
  },
};
