import { describe, expect, it } from "vitest";
import { defaultSettings, type PnsSettings } from "../../../../server/src/core/config/index";
import { checkFormat } from "../../../../server/src/core/reward/index";

/** Settings with only the named rule enabled, so each table tests one rule. */
function only(key: keyof PnsSettings["formatRules"], patch: Record<string, unknown> = {}): PnsSettings {
  const s = defaultSettings();
  for (const k of Object.keys(s.formatRules) as (keyof PnsSettings["formatRules"])[])
    s.formatRules[k].enabled = k === key;
  Object.assign(s.formatRules[key], patch);
  return s;
}

/** Codes found, and the text each finding's range covers. */
function run(text: string, settings: PnsSettings): [string, string][] {
  return checkFormat(text, settings).findings.map((f) => [f.code, text.slice(f.start, f.end)]);
}

const GOOD = "We add 2 and 3.\nSo $2 + 3 = 5$.\n\nThe answer is $\\boxed{5}$.";

describe("final answer rule", () => {
  const s = only("finalAnswer", { maxCharsAfter: 40 });
  it.each<[string, string, [string, string][]]>([
    ["one box", GOOD, []],
    ["the same box twice", "It is \\boxed{5}.\nSo \\boxed{ 5 }.", []],
    ["\\fbox counts", "Answer: \\fbox{5}", []],
    ["\\boxed without braces", "Answer: $\\boxed 5$", []],
    ["nested braces", "So $\\boxed{\\frac{1}{2}}$", []],
    ["no box", "The answer is 5.", [["no-final-answer", "The answer is 5."]]],
    ["no box, last line", "Step one.\nThe answer is 5.\n\n", [["no-final-answer", "The answer is 5."]]],
    ["two different boxes", "Maybe \\boxed{4}. No: \\boxed{5}.", [["multiple-final-answers", "\\boxed{5}"]]],
    [
      "box far from the end",
      `\\boxed{5}. ${"Let me double check this once more. ".repeat(3)}`,
      [["answer-not-at-end", "\\boxed{5}"]],
    ],
  ])("%s", (_name, text, expected) => {
    expect(run(text, s)).toEqual(expected);
  });

  it("text after the answer lowers the score but is not malformed", () => {
    const report = checkFormat(`\\boxed{5}. ${"x ".repeat(40)}.`, s);
    expect(report.malformed).toBe(false);
    expect(report.score).toBe(0);
  });
});

describe("truncated rule", () => {
  const s = only("truncated");
  it.each<[string, string, [string, string][]]>([
    ["ends with a period", GOOD, []],
    ["ends with a number (GSM8K style)", "48 + 24 = 72\n#### 72", []],
    ["ends with a closing $", "So $x = 5$", []],
    ["ends with a function word", "Then we add the", [["truncated", "the"]]],
    ["ends with an operator", "So the total is 3 +", [["truncated", "+"]]],
    ["ends with a comma", "First, 3 apples,", [["truncated", "apples,"]]],
    ["ends inside $", "We get $\\frac{1}{2} + \\frac{1", [["truncated", "$\\frac{1}{2} + \\frac{1"]]],
    [
      "ends inside an environment",
      "Compute\n\\begin{align}\nx &= 1",
      [["truncated", "\\begin{align}\nx &= 1"]],
    ],
    ["ends inside \\[", "Thus \\[ 3 + 4", [["truncated", "\\[ 3 + 4"]]],
    ["a currency $ is not math", "It costs $5 in total.", []],
  ])("%s", (_name, text, expected) => {
    expect(run(text, s)).toEqual(expected);
  });
});

describe("steps rule", () => {
  const s = only("steps", { minSteps: 3 });
  it.each<[string, string, number]>([
    ["three lines", "One step.\nTwo steps.\nThree steps.", 0],
    ["three sentences on one line", "We add. Then We multiply. So It is 5.", 0],
    ["decimals do not split", "It is 2.5 and 3.5 in total.", 1],
    ["display fences are not steps", "One step.\n$$\nx = 1\n$$\nDone.", 0],
    ["two lines", "One.\nTwo.", 1],
  ])("%s", (_name, text, count) => {
    expect(run(text, s).length).toBe(count);
  });
});

describe("length rule", () => {
  it.each<[string, Record<string, unknown>, string, string[]]>([
    ["within words", { min: 2, max: 5 }, "one two three", []],
    ["too short in words", { min: 4, max: 10 }, "one two three", ["too-short"]],
    ["too long in words", { min: 1, max: 2 }, "one two three four", ["too-long"]],
    ["too long in characters", { unit: "chars", min: 1, max: 5 }, "abcdefgh", ["too-long"]],
  ])("%s", (_name, patch, text, codes) => {
    expect(run(text, only("length", patch)).map(([c]) => c)).toEqual(codes);
  });

  it("too-long points at the part beyond the limit", () => {
    expect(run("one two three four", only("length", { min: 1, max: 2 }))).toEqual([
      ["too-long", "three four"],
    ]);
  });
});

describe("repetition rule", () => {
  const s = only("repetition", { ngram: 4, minRepeats: 3 });
  it.each<[string, string, boolean]>([
    ["a normal solution", GOOD, false],
    ["a sentence looping", "The word is a palindrome. ".repeat(5), true],
    ["identical lines in a row", "Check again.\nCheck again.\nCheck again.\nDone", true],
    ["short identical lines are ignored", "=\n=\n=\n=", false],
    ["copies differing only in indentation", "  Check again.\nCheck again.  \n\tCheck again.\nDone", true],
    ["a blank line breaks the run", "Check again.\nCheck again.\n\nCheck again.\nDone", false],
    ["similar but different steps", "Day 1: 5 + 3 = 8.\nDay 2: 6 + 3 = 9.\nDay 3: 7 + 3 = 10.", false],
    ["repeats below the count", "a b c d a b c d", false],
  ])("%s", (_name, text, found) => {
    expect(run(text, s).length > 0).toBe(found);
  });

  it("covers the loop from its first to its last occurrence", () => {
    const text = "Intro. " + "go round and round ".repeat(4) + "end";
    const [[code, covered]] = run(text, s) as [[string, string]];
    expect(code).toBe("repetition");
    expect(covered.startsWith("go round")).toBe(true);
    expect(covered.endsWith("round")).toBe(true);
  });
});

describe("mixed-language rule", () => {
  const s = only("mixedLanguage", { minRunChars: 2 });
  it.each<[string, string, [string, string][]]>([
    ["English with Greek math", "Let $\\alpha = 2$ and α + β = 3, π ≈ 3.14.", []],
    ["a CJK run", "So the total is 5 因此答案是 5.", [["mixed-language", "因此答案是"]]],
    ["a Cyrillic run", "Therefore итак ответ 5.", [["mixed-language", "итак ответ"]]],
    ["a single character is below the run length", "The sign 因 appears.", []],
  ])("%s", (_name, text, expected) => {
    expect(run(text, s)).toEqual(expected);
  });

  it("allowScripts silences a script", () => {
    expect(run("答案是五", only("mixedLanguage", { allowScripts: ["cjk"] }))).toEqual([]);
  });
});

describe("unbalanced-math rule", () => {
  const s = only("unbalancedMath");
  it.each<[string, string, [string, string][]]>([
    ["balanced", "So $x + 1$ and \\( y \\) and \\[ z \\] and {a}.", []],
    ["escaped dollars and braces", "It costs \\$5 and \\{1\\} is a set.", []],
    ["a stray closing brace", "So x} = 5.", [["unbalanced-math", "}"]]],
    ["an inline $ never closed in its paragraph", "We have $x + 1.\n\nThen $y$.", [["unbalanced-math", "$"]]],
    ["a brace left open inside $…$", "So $\\frac{1{2}$ is it.", [["unbalanced-math", "{"]]],
    ["a stray \\]", "x = 1 \\] done.", [["unbalanced-math", "\\]"]]],
    ["braces in a code block are ignored", "Code:\n```python\nd = {\n```\nDone.", []],
  ])("%s", (_name, text, expected) => {
    expect(run(text, s)).toEqual(expected);
  });
});

describe("format score and malformed flag", () => {
  it("a clean response scores 1 and is not malformed", () => {
    const report = checkFormat(GOOD, defaultSettings());
    expect(report).toMatchObject({ score: 1, malformed: false, findings: [] });
  });

  it("a hard-penalty rule makes the response malformed; the score loses that rule's weight", () => {
    const s = defaultSettings();
    const report = checkFormat("We add 2 and 3.\nSo the answer is 5.", s);
    expect(report.malformed).toBe(true);
    expect(report.violated).toEqual(["finalAnswer"]);
    const total = Object.values(s.formatRules).reduce(
      (sum: number, r: { weight: number }) => sum + r.weight,
      0,
    );
    expect(report.score).toBeCloseTo(1 - s.formatRules.finalAnswer.weight / total);
  });

  it("a soft rule lowers the score without malforming", () => {
    const s = defaultSettings();
    s.formatRules.length.min = 100;
    const report = checkFormat(GOOD, s);
    expect(report.malformed).toBe(false);
    expect(report.score).toBeLessThan(1);
  });

  it("hardPenalty is configurable", () => {
    const s = defaultSettings();
    s.formatRules.finalAnswer.hardPenalty = false;
    expect(checkFormat("The answer is 5.\nDone.", s).malformed).toBe(false);
  });

  it("a code set to off neither reports nor counts", () => {
    const s = defaultSettings();
    s.rules["no-final-answer"] = "off";
    const report = checkFormat("We add.\nThe answer is 5.", s);
    expect(report.findings).toEqual([]);
    expect(report.malformed).toBe(false);
    expect(report.score).toBe(1);
  });

  it("rules.format = off turns every format rule off", () => {
    const s = defaultSettings();
    s.rules.format = "off";
    expect(checkFormat("x", s)).toMatchObject({ findings: [], score: 1, malformed: false });
  });
});
