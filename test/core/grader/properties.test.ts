// Property tests: symmetry, a value equals its own re-spellings, the translator agrees with
// mathjs, and no input string (random, hostile, huge) throws or runs long.
import fc from "fast-check";
import { evaluate } from "mathjs";
import { describe, expect, it } from "vitest";
import { gradeAnswer, gradeResponse, normalizeAnswer } from "../../../server/src/core/grader/index";

/**
 * Per-call bounds. CPU time, not wall time, decides: on a shared CI machine a call can be
 * pre-empted for longer than it runs. The wall bound only catches real hangs.
 */
const MAX_CPU_MS = 250;
const MAX_WALL_MS = 5000;

function timed<T>(f: () => T): T {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = f();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  expect(cpuMs, `used ${cpuMs.toFixed(1)} ms of CPU`).toBeLessThan(MAX_CPU_MS);
  expect(wall, `took ${wall.toFixed(1)} ms`).toBeLessThan(MAX_WALL_MS);
  return result;
}

const small = fc.integer({ min: -60, max: 60 });
const positive = fc.integer({ min: 1, max: 999 });

/** Closed-form LaTeX built from a small grammar (numbers, fractions, roots, powers, pi). */
const latexExpr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    small.map(String),
    fc.tuple(positive, positive).map(([a, b]) => `\\frac{${a}}{${b}}`),
    positive.map((a) => `\\sqrt{${a}}`),
    fc.constant("\\pi"),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `(${a})+(${b})`),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `(${a})-(${b})`),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `(${a})\\cdot(${b})`),
    fc.tuple(tie("e"), fc.integer({ min: 0, max: 4 })).map(([a, k]) => `(${a})^{${k}}`),
  ),
})).e;

const answer = fc.oneof(
  small.map(String),
  fc.tuple(small, positive).map(([a, b]) => `\\frac{${a}}{${b}}`),
  fc.tuple(small, positive).map(([a, b]) => (a / b).toFixed(3)),
  latexExpr,
  fc.array(small, { minLength: 1, maxLength: 4 }).map((xs) => `\\{${xs.join(", ")}\\}`),
  fc.tuple(small, small).map(([a, b]) => `(${a}, ${b})`),
  fc.tuple(small, small).map(([a, b]) => `[${a}, ${b})`),
  fc.tuple(small, small).map(([a, b]) => `${a}x + ${b}`),
  fc.tuple(small, small).map(([a, b]) => `${a}y^2 - ${b}`),
  fc.constantFrom("x \\ge 2", "2 \\le x", "y = 2x + 1", "\\text{Monday}", "\\emptyset", "\\mathbb{R}"),
);

describe("grader properties", () => {
  it("gradeAnswer is symmetric", () => {
    fc.assert(
      fc.property(answer, answer, (a, b) => {
        const ab = gradeAnswer(a, b);
        const ba = gradeAnswer(b, a);
        expect(ab.equal, `${a} vs ${b}: ${ab.reason} / ${ba.reason}`).toBe(ba.equal);
      }),
      { numRuns: 800 },
    );
  });

  it("every answer equals itself", () => {
    fc.assert(
      fc.property(answer, (a) => {
        const v = gradeAnswer(a, a);
        expect(v.equal, v.reason).toBe(true);
      }),
    );
  });

  it("an integer equals its boxed, dollar, decimal and separated spellings", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (n) => {
        const grouped = Math.abs(n).toLocaleString("en-US");
        const sign = n < 0 ? "-" : "";
        for (const form of [
          `\\boxed{${n}}`,
          `$${n}$`,
          `${n}.0`,
          `${sign}${grouped}`,
          `${sign}${grouped.replace(/,/g, "{,}")}`,
        ]) {
          expect(gradeAnswer(String(n), form).equal, `${n} vs ${form}`).toBe(true);
        }
        expect(gradeAnswer(String(n), String(n + 1)).equal).toBe(false);
      }),
    );
  });

  it("small integers equal their number words", () => {
    const words = [
      "zero",
      "one",
      "two",
      "three",
      "four",
      "five",
      "six",
      "seven",
      "eight",
      "nine",
      "ten",
      "eleven",
      "twelve",
    ];
    words.forEach((word, n) => {
      expect(gradeAnswer(String(n), word).equal, word).toBe(true);
      expect(gradeAnswer(String(n + 1), word).equal, word).toBe(false);
    });
    expect(gradeAnswer("45", "forty-five").equal).toBe(true);
    expect(gradeAnswer("300", "three hundred").equal).toBe(true);
  });

  it("a/b equals \\frac{a}{b}, \\dfrac, a decimal with enough digits, and not one with too few", () => {
    fc.assert(
      fc.property(fc.integer({ min: -999, max: 999 }), fc.integer({ min: 1, max: 999 }), (a, b) => {
        const frac = `\\frac{${a}}{${b}}`;
        expect(gradeAnswer(`${a}/${b}`, frac).equal).toBe(true);
        expect(gradeAnswer(frac, `\\dfrac{${a}}{${b}}`).equal).toBe(true);
        expect(gradeAnswer(frac, `\\boxed{${a}/${b}}`).equal).toBe(true);
        const value = a / b;
        if (value !== 0 && Math.abs(value) >= 1e-3) {
          const decimal = value.toPrecision(12);
          expect(gradeAnswer(frac, decimal).equal, `${frac} vs ${decimal}`).toBe(true);
          const coarse = value.toPrecision(3);
          const exact = gradeAnswer(frac, coarse);
          // Three digits are enough only when they are the exact value (1/4 = 0.250).
          expect(exact.equal).toBe(Math.abs(Number(coarse) * b - a) < 1e-9);
        }
      }),
    );
  });

  it("the normalised form is valid mathjs with the same value", () => {
    fc.assert(
      fc.property(latexExpr, (latex) => {
        const n = normalizeAnswer(latex);
        if (n.kind !== "number") return;
        const ours = gradeAnswer(latex, n.normalized);
        const theirs = evaluate(n.normalized) as unknown;
        // Skip values mathjs cannot print as a plain decimal (round-off residues like 4e-16).
        if (
          typeof theirs !== "number" ||
          !Number.isFinite(theirs) ||
          (theirs !== 0 && Math.abs(theirs) < 1e-6)
        )
          return;
        expect(ours.equal, `${latex} -> ${n.normalized}: ${ours.reason}`).toBe(true);
        // Ten digits: far above the 6-digit rule, far below the double round-off of mathjs.
        const digits = theirs.toPrecision(10);
        const back = gradeAnswer(latex, /[.e]/.test(digits) ? digits : theirs.toExponential(9));
        expect(back.equal, `${latex} vs mathjs ${theirs}: ${back.reason}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  const tokens = [
    "\\frac",
    "{",
    "}",
    "^",
    "_",
    "\\sqrt",
    "1",
    "2",
    "x",
    "(",
    ")",
    "[",
    "]",
    "\\pm",
    ",",
    "=",
    "<",
    "\\le",
    "\\infty",
    "!",
    "\\{",
    "\\}",
    "&",
    "\\\\",
    "\\begin{pmatrix}",
    "\\end{pmatrix}",
    "\\boxed",
    "$",
    "\\text{",
    "\\left(",
    "\\right)",
    "|",
    ".",
    "-",
    "+",
    "\\cdot",
    "e",
    "\\pi",
    "\\overline{3}",
    "%",
    "\\cup",
    " ",
    "\\in",
    "\\log_",
    "\\sin",
    "0.5",
    "9",
    "\\binom",
    "\\def",
    "**",
    "####",
    "The answer is",
    "\\mathbb{R}",
  ];
  const soup = fc.array(fc.constantFrom(...tokens), { maxLength: 40 }).map((t) => t.join(""));

  it("never throws and stays fast on random LaTeX token soup", () => {
    fc.assert(
      fc.property(soup, soup, (a, b) => {
        timed(() => gradeAnswer(a, b));
        timed(() => gradeResponse(a, b));
        timed(() => normalizeAnswer(a));
      }),
      { numRuns: 1500 },
    );
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), fc.string({ maxLength: 80 }), (a, b) => {
        timed(() => gradeAnswer(a, b));
        timed(() => gradeResponse(a, b));
      }),
      { numRuns: 800 },
    );
  });

  const hostile: [string, string][] = [
    ["10^{10^{10}}", "10^{10^{10}}+1"],
    ["10^{10^{10^{10}}}", "1"],
    ["2^{2^{2^{2^{2}}}}", "2^{65536}"],
    ["x^{10^{10}}", "x^{10^{10}}"],
    ["e^{10^{10}}", "e^{10^{10}}+1"],
    ["(10^{10})!", "(10^{10})!+1"],
    ["\\binom{10^{9}}{10^{8}}", "5"],
    ["\\frac{1}{".repeat(1000) + "2" + "}".repeat(1000), "0"],
    ["{".repeat(5000), "}".repeat(5000)],
    ["\\frac{1}{2", "\\frac{1}{2"],
    ["\\def\\x{\\x\\x}\\x", "\\x"],
    ["\\newcommand{\\a}{\\a\\a}\\a", "1"],
    ["NaN", "NaN"],
    ["Infinity", "-Infinity"],
    ["0/0", "1/0"],
    ["\\sqrt{-1}", "i"],
    ["9".repeat(399), "9".repeat(399) + "+1"],
    ["1" + "0".repeat(5000), "1"],
    [
      Array.from({ length: 99 }, (_, i) => i).join(","),
      Array.from({ length: 99 }, (_, i) => 98 - i).join(","),
    ],
    ["x".repeat(3000), "x".repeat(3000)],
    ["\\sqrt{".repeat(60) + "2" + "}".repeat(60), "2"],
    ["\\begin{pmatrix}" + "1&".repeat(99) + "1\\end{pmatrix}", "1"],
  ];

  it.each(hostile.map(([a, b], i) => [i, a.slice(0, 30), a, b] as const))(
    "hostile input %i (%s…) gives a verdict without throwing",
    (_i, _label, a, b) => {
      const v = timed(() => gradeAnswer(a, b));
      expect(typeof v.reason).toBe("string");
      if (!v.gradable) expect(v.equal).toBe(false);
      timed(() => gradeAnswer(b, a));
    },
  );

  // Responses near the size bound built to hit the extraction rules' worst cases.
  const hostileResponses: [string, () => string][] = [
    ["unclosed boxes", () => "\\boxed{".repeat(150_000)],
    ["closed boxes", () => "\\boxed{1} ".repeat(100_000)],
    ["nested boxes", () => "\\boxed{".repeat(1000) + "5" + "}".repeat(1000)],
    ["final-answer openings", () => "final answer is ".repeat(60_000)],
    [
      "Minerva sentences",
      () => ("The final answer is " + "a".repeat(1500) + ". I hope it is correct. ").repeat(500),
    ],
    ["answer labels", () => "the answer is 5\n".repeat(60_000)],
    ["currency", () => "$5 ".repeat(300_000)],
    ["dollars", () => "$".repeat(1_000_000)],
    ["open braces", () => "{".repeat(1_000_000)],
    ["math openers", () => "\\(".repeat(300_000)],
    ["think openers", () => "<think>".repeat(100_000)],
    ["numbers", () => "1,".repeat(400_000) + "1"],
  ];

  it.each(hostileResponses)("a hostile 1 MB response (%s) is handled in bounded time", (_name, make) => {
    const response = make();
    const cpu = process.cpuUsage();
    const v = gradeResponse("5", response);
    const used = process.cpuUsage(cpu);
    // Linear work on a megabyte: well under a CPU-second; quadratic work would take minutes.
    expect((used.user + used.system) / 1000).toBeLessThan(3000);
    expect(typeof v.reason).toBe("string");
  });

  it("a 1 MB answer and a 1 MB response are handled in bounded time", () => {
    const big = "1".repeat(1_000_000);
    const v = timed(() => gradeAnswer("5", big));
    expect(v.gradable).toBe(false);
    expect(v.reason).toMatch(/over the \d+ limit/);
    const start = performance.now();
    const r = gradeResponse("5", `${"blah $x$ 3 ".repeat(90_000)} so \\boxed{5}`);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(r.equal).toBe(true);
    const huge = gradeResponse("5", "x".repeat(3_000_000));
    expect(huge.gradable).toBe(false);
  });
});
