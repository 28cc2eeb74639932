import { describe, expect, it } from "vitest";
import { checkArithmetic, findArithmeticClaims } from "../../../server/src/core/reward/index";

const claims = (text: string): [string, boolean][] =>
  findArithmeticClaims(text).map((c) => [c.text, c.holds]);

describe("arithmetic claims", () => {
  it.each<[string, string, [string, boolean][]]>([
    ["division in $…$", "She sold $48/2 = 24$ clips.", [["48/2 = 24", true]]],
    ["a false sum", "Altogether $48 + 24 = 62$.", [["48 + 24 = 62", false]]],
    ["\\times", "$3 \\times 4 = 12$", [["3 \\times 4 = 12", true]]],
    ["fractions", "$\\frac{3}{4} + \\frac{1}{4} = 1$", [["\\frac{3}{4} + \\frac{1}{4} = 1", true]]],
    ["\\dfrac and \\frac12", "$\\dfrac{1}{2} + \\frac12 = 1$", [["\\dfrac{1}{2} + \\frac12 = 1", true]]],
    [
      "powers",
      "$2^{10} = 1024$ and 2^10 = 1000",
      [
        ["2^{10} = 1024", true],
        ["2^10 = 1000", false],
      ],
    ],
    ["\\cdot slip", "so 17 \\cdot 6 = 112 apples", [["17 \\cdot 6 = 112", false]]],
    [
      "× and ÷",
      "6 × 7 = 42 and 10 ÷ 4 = 2.5",
      [
        ["6 × 7 = 42", true],
        ["10 ÷ 4 = 2.5", true],
      ],
    ],
    ["\\div", "$12 \\div 4 = 3$", [["12 \\div 4 = 3", true]]],
    [
      "thousands separators",
      "1,234 + 1 = 1,235 and 1{,}000 \\times 2 = 2{,}000",
      [
        ["1,234 + 1 = 1,235", true],
        ["1{,}000 \\times 2 = 2{,}000", true],
      ],
    ],
    [
      "a chain",
      "2 + 2 = 4 = 5",
      [
        ["2 + 2 = 4", true],
        ["4 = 5", false],
      ],
    ],
    [
      "a chain of fractions",
      "$\\frac{18}{4} = \\frac{9}{2} = 4.5$",
      [
        ["\\frac{18}{4} = \\frac{9}{2}", true],
        ["\\frac{9}{2} = 4.5", true],
      ],
    ],
    ["sign slip", "$-2 + 3 = -1$", [["-2 + 3 = -1", false]]],
    [
      "roots",
      "$\\sqrt{16} = 4$ and $\\sqrt[3]{27} = 3$",
      [
        ["\\sqrt{16} = 4", true],
        ["\\sqrt[3]{27} = 3", true],
      ],
    ],
    ["irrational root vs rounded decimal", "$\\sqrt{2} = 1.414$", [["\\sqrt{2} = 1.414", true]]],
    [
      "rounded decimals",
      "10/3 = 3.33 but 10/3 = 3.4",
      [
        ["10/3 = 3.33", true],
        ["10/3 = 3.4", false],
      ],
    ],
    [
      "factorial and percent",
      "5! = 120 and 20\\% \\times 50 = 10",
      [
        ["5! = 120", true],
        ["20\\% \\times 50 = 10", true],
      ],
    ],
    ["implicit product", "2(3+4) = 14", [["2(3+4) = 14", true]]],
    ["boxed right side", "$48+24 = \\boxed{62}$", [["48+24 = \\boxed{62}", false]]],
    [
      "\\left( \\right)",
      "$\\left(2 + 3\\right) \\cdot 4 = 20$",
      [["\\left(2 + 3\\right) \\cdot 4 = 20", true]],
    ],
    ["units after the value", "3 \\times 4 = 12\\text{ cm}", [["3 \\times 4 = 12", true]]],
    ["a numbered list item", "1. 2+3 = 5.", [["2+3 = 5", true]]],
    ["parenthetical", "(so 3 + 4 = 7)", [["3 + 4 = 7", true]]],
    ["escaped dollar amounts", "She pays \\$5 + \\$3 = \\$9 in total.", [["5 + \\$3 = \\$9", false]]],
  ])("%s", (_name, text, expected) => {
    expect(claims(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ["a definition", "Let x = 5."],
    ["a variable on the left", "x + 3 = 8"],
    ["a binary minus after a variable", "x - 3 = 4"],
    ["a coefficient", "2x = 10"],
    ["a variable on the right", "3 + 4 = 7x"],
    ["a constant", "\\pi r^2 = 3 + 1"],
    ["a subscript", "a_1 + 2 = 5"],
    ["two bare numbers in prose", "50% of 80 = 40"],
    ["comparisons", "3 + 4 <= 8 and 2 >= 1 and 1 == 1"],
    ["approximately", "3 + 4 \\approx 7"],
    ["division by zero", "5/0 = 0"],
    ["an exponent too large", "10^{10^{10}} = 1"],
    // Over the number engine's literal bound (core/numbers/bounds.ts, 400 digits).
    ["a huge literal", `${"9".repeat(401)} + 1 = 1`],
  ])("skips %s", (_name, text) => {
    expect(claims(text)).toEqual([]);
  });

  it("checks long literals exactly, within the number engine's bounds (the grader's bounds)", () => {
    expect(claims(`${"9".repeat(40)} + 1 = 1${"0".repeat(40)}`)).toEqual([
      [`${"9".repeat(40)} + 1 = 1${"0".repeat(40)}`, true],
    ]);
    expect(claims(`${"9".repeat(40)} + 1 = 1`).map(([, holds]) => holds)).toEqual([false]);
  });

  it("gives exact ranges and values", () => {
    const text = "In May: $48 / 2 = 24$.\nTotal: $48 + 24 = 62$.";
    const report = checkArithmetic(text);
    expect(report.claims).toHaveLength(2);
    const slip = report.firstSlip!;
    expect(text.slice(slip.start, slip.end)).toBe("48 + 24 = 62");
    expect(slip).toMatchObject({
      left: "48 + 24",
      right: "62",
      leftValue: "72",
      rightValue: "62",
      holds: false,
    });
    expect(report.falseClaims).toEqual([slip]);
  });

  it("prints exact fractions and terminating decimals", () => {
    const [a, b] = findArithmeticClaims("1/3 + 1/3 = 1 and 1/8 + 1/8 = 0.3");
    expect(a).toMatchObject({ leftValue: "2/3", rightValue: "1" });
    expect(b).toMatchObject({ leftValue: "0.25", rightValue: "0.3" });
  });

  it("checks a 4,000-word response in well under 5 ms", () => {
    // A dense solution: an equation every couple of lines, prose in between.
    const paragraph =
      "She buys $12 \\times 7 = 84$ apples and then sells some of them at the market on Sunday morning.\n" +
      "Next, 1,200 + 300 = 1,500 of the seeds go into the ground, which leaves the rest for next year.\n" +
      "The fractions add up: $\\frac{3}{4} + \\frac{1}{4} = 1$, so the whole field is planted by noon.\n" +
      "Finally 17 \\cdot 6 = 112 rows are counted, and every row has the same number of plants in it.\n";
    const words = paragraph.split(/\s+/).length;
    const text = paragraph.repeat(Math.ceil(4000 / words) + 1);
    expect(text.split(/\s+/).length).toBeGreaterThanOrEqual(4000);
    for (let i = 0; i < 30; i++) checkArithmetic(text); // warm up the JIT
    const times: number[] = [];
    for (let i = 0; i < 31; i++) {
      const start = performance.now();
      checkArithmetic(text);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    expect(checkArithmetic(text).falseClaims.length).toBeGreaterThan(40);
    // The fastest run measures the algorithm; slower ones measure the other processes on a shared machine.
    expect(times[0]).toBeLessThan(5);
  });
});
