import { describe, expect, it } from "vitest";
import { LimitExceeded } from "../../../server/src/core/grader/bounds";
import { cleanAnswer } from "../../../server/src/core/grader/normalize";

describe("cleanAnswer", () => {
  it.each([
    ["$\\boxed{\\dfrac{1}{2}}$", "\\frac{1}{2}"],
    ["**73**", "73"],
    ["\\left( 3, \\frac{\\pi}{2} \\right)", "( 3, \\frac{\\pi}{2} )"],
    ["\\displaystyle\\tfrac34", "\\frac34"],
    ["1{,}234", "1234"],
    ["1\\,234", "1234"],
    ["1,234,567.5", "1234567.5"],
    ["1,2", "1,2"],
    ["12,34", "12,34"],
    ["90^{\\circ}", "90"],
    ["28\\%", "28"],
    ["\\$18.90", "18.90"],
    ["€5", "5"],
    ["5\\text{ m}", "5"],
    ["3\\text{ and }4", "3 and 4"],
    ["\\text{(C)}", "(C)"],
    ["3\\frac{1}{2}", "(3+\\frac{1}{2})"],
    ["x^2\\frac{1}{2}", "x^2\\frac{1}{2}"],
    ["0.\\overline{6}", "\\frac{6}{9}"],
    ["0.1\\overline{6}", "\\frac{15}{90}"],
    ["twenty-five", "25"],
    ["Infinity", "\\infty"],
    ["−5 × 2", "-5 \\times 2"],
    ["x ≤ 3", "x \\le 3"],
    ["5.", "5"],
  ])("%s -> %s", (raw, clean) => {
    expect(cleanAnswer(raw)).toBe(clean);
  });

  it("refuses macro definitions and over-long or over-deep answers", () => {
    expect(() => cleanAnswer("\\def\\x{1}\\x")).toThrow(LimitExceeded);
    expect(() => cleanAnswer("1".repeat(10_000))).toThrow(/over the \d+ limit/);
    expect(() => cleanAnswer("(".repeat(100) + ")".repeat(100))).toThrow(/nesting depth 100/);
  });
});
