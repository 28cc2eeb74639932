import { describe, expect, it } from "vitest";
import { LimitExceeded } from "../../../server/src/core/grader/bounds";
import { freeVars, printExpr } from "../../../server/src/core/grader/expr";
import { ParseError, parseMath } from "../../../server/src/core/grader/latexToMath";

describe("parseMath (LaTeX and plain text to an expression tree)", () => {
  it.each([
    ["\\frac{1}{2}", "1 / 2"],
    ["\\frac12", "1 / 2"],
    ["\\frac1{x}", "1 / x"],
    ["\\sqrt3", "sqrt(3)"],
    ["\\sqrt[3]{x}", "nthRoot(x, 3)"],
    ["2x^2", "2 * x^2"],
    ["-x^2", "-x^2"],
    ["xy", "x * y"],
    ["2\\pi r", "2 * pi * r"],
    ["\\sin^2 x", "sin(x)^2"],
    ["\\sin 2x", "sin(2 * x)"],
    ["\\log_2 8", "log(8, 2)"],
    ["\\ln(e^3)", "log(e^3)"],
    ["|x - 1|", "abs(x - 1)"],
    ["5!", "factorial(5)"],
    ["\\binom{5}{2}", "combinations(5, 2)"],
    ["x_1 + x_{10}", "x_1 + x_10"],
    ["\\alpha\\beta", "alpha * beta"],
    ["sqrt(2)", "sqrt(2)"],
    ["pi/2", "pi / 2"],
    ["2**3", "2^3"],
    ["1.5e6", "1.5e6"],
    ["2^{3^2}", "2^3^2"],
    ["(a+b)(a-b)", "(a + b) * (a - b)"],
    ["\\frac{a}{b}\\cdot c", "a / b * c"],
  ])("%s -> %s", (latex, printed) => {
    expect(printExpr(parseMath(latex))).toBe(printed);
  });

  it("collects free variables, treating e as Euler's number", () => {
    expect([...freeVars(parseMath("e^x + y_1"))].sort()).toEqual(["x", "y_1"]);
  });

  it("raises ParseError for what is not math and LimitExceeded for what is too big", () => {
    for (const bad of ["1 +", "\\frac{1}", "\\foo{2}", "(1", "#3"]) {
      expect(() => parseMath(bad), bad).toThrow(ParseError);
    }
    expect(() => parseMath("1+".repeat(700) + "1")).toThrow(LimitExceeded);
    expect(() => parseMath("-".repeat(100) + "1")).toThrow(LimitExceeded);
    expect(() => parseMath("9".repeat(500))).toThrow(/over 400 digits/);
  });
});
