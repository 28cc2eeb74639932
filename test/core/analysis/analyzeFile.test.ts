import { describe, expect, it } from "vitest";
import { AnalysisCache, analyzeFile, analyzeProblem } from "../../../server/src/core/analysis/index";
import { defaultSettings } from "../../../server/src/core/config/index";
import { parse } from "../../../server/src/core/format/index";
import type { ComponentScore, RemoteScoreLookup } from "../../../server/src/core/reward/index";
import { gradeResponse as realGrade } from "../../../server/src/core/grader/index";
import { covered } from "./helpers";

const FILE = `@pns 1

@problem clips
Natalia sold 48 clips in April and half as many in May. How many in total?

@answer 72
@positive model=a
In May she sold $48 / 2 = 24$ clips.
Altogether: $48 + 24 = 72$.

The answer is $\\boxed{72}$.

@negative model=b
In May she sold $48 / 2 = 24$ clips.
Altogether: $48 + 24 = 62$.

The answer is $\\boxed{62}$.

@negative model=c
Half of 48 is 24, and 48 plus 24 is 72.

The answer is $\\boxed{72}$.

@positive model=d
She sold 48 and then 24, so 70 in all.
The answer is $\\boxed{70}$.

@negative model=e
In May she sold $48 / 2 = 24$ clips.
Altogether: $48 + 24 = 62$.

The answer is $\\boxed{62}$.
`;

/** [code, covered text] of each finding. */
function findings(text: string, settings = defaultSettings()): [string, string][] {
  return analyzeFile(parse(text), settings).findings.map((f) => [f.code, covered(text, f.range)]);
}

describe("analyzeFile", () => {
  it("reports every finding at its exact place", () => {
    expect(findings(FILE)).toEqual([
      ["arithmetic-slip", "48 + 24 = 62"],
      ["negative-correct", "72"],
      ["positive-incorrect", "70"],
      ["duplicate-sample", "@negative model=e"],
      ["arithmetic-slip", "48 + 24 = 62"],
    ]);
  });

  it("explains negative-correct with the grader's rule, and offers to move the sample", () => {
    const { findings: all } = analyzeFile(parse(FILE), defaultSettings());
    const f = all.find((x) => x.code === "negative-correct")!;
    expect(f).toMatchObject({ severity: "error", problemId: "clips", sampleIndex: 2 });
    expect(f.message).toMatch(/^Negative is correct: `72` equals the gold `72` \(/);
    const move = f.fixes![0];
    expect(move.title).toBe("Move to positives (make this sample @positive)");
    expect(covered(FILE, move.edits[0].range)).toBe("@negative");
    expect(move.edits[0].newText).toBe("@positive");
    const suppress = f.fixes!.at(-1)!;
    expect(suppress.edits[0].newText).toBe("@# pns-disable-next-sample negative-correct\n");
    expect(suppress.edits[0].range.start).toMatchObject({ line: 18, character: 0 });
  });

  it.each([
    ["outside math", "So the answer is 62.", "So the answer is $\\boxed{62}$."],
    ["inside $…$", "So the answer is $62$.", "So the answer is $\\boxed{62}$."],
  ])("offers to wrap an unboxed final answer in \\boxed{} (%s)", (_name, line, fixed) => {
    const text = `@pns 1\n\n@problem p\nQ?\n\n@answer 72\n@negative\nWe add 48 and 14.\n${line}\n`;
    const f = analyzeFile(parse(text), defaultSettings()).findings.find((x) => x.code === "no-final-answer")!;
    const wrap = f.fixes![0];
    expect(wrap.title).toBe("Wrap the final answer '62' in \\boxed{}");
    const edit = wrap.edits[0];
    const applied = text.slice(0, edit.range.start.offset) + edit.newText + text.slice(edit.range.end.offset);
    expect(applied.split("\n")[8]).toBe(fixed);
    expect(analyzeFile(parse(applied), defaultSettings()).findings.map((x) => x.code)).not.toContain(
      "no-final-answer",
    );
  });

  it("reports a sample's breakdown", () => {
    const { samples } = analyzeFile(parse(FILE), defaultSettings());
    expect(samples.map((s) => [s.role, s.outcome])).toEqual([
      ["positive", "correct"],
      ["negative", "plausibility"],
      ["negative", "correct"],
      ["positive", "plausibility"],
      ["negative", "plausibility"],
    ]);
    const neg = samples[1];
    expect(neg.used).toEqual(["accuracy", "format", "localCot"]);
    expect(neg.verdict).toMatchObject({ equal: false, gradable: true, extracted: "62", gold: "72" });
    expect(covered(FILE, neg.verdict.extractedRange!)).toBe("62");
    expect(covered(FILE, neg.firstSlip!.range)).toBe("48 + 24 = 62");
    expect(neg.components.map((c) => c.name)).toEqual(["accuracy", "format", "localCot"]);
  });

  it("reports an empty sample once (the parser's empty-sample), and scores it malformed", () => {
    const text =
      "@pns 1\n\n@problem p\nQ?\n\n@answer 4\n@negative\n\n@positive\nWe add two and two.\nSo the answer is $\\boxed{4}$.\n";
    const result = analyzeFile(parse(text), defaultSettings());
    expect(result.findings.map((f) => f.code)).toEqual(["empty-sample"]);
    expect(result.samples[0]).toMatchObject({ outcome: "malformed", composite: -1 });
  });

  it("maps parse diagnostics to findings with their codes", () => {
    const text = "@pns 1\n\n@problem p\nWhat?\n\n@positive\n\\boxed{1}\n";
    expect(findings(text).map(([c]) => c)).toContain("missing-answer");
  });

  it("applies severity overrides, by code and by group", () => {
    const s = defaultSettings();
    s.rules = { "arithmetic-slip": "off", "negative-correct": "warning" };
    const { findings: all } = analyzeFile(parse(FILE), s);
    expect(all.some((f) => f.code === "arithmetic-slip")).toBe(false);
    expect(all.find((f) => f.code === "negative-correct")!.severity).toBe("warning");
  });

  it("honours pns-disable-next-sample and file-wide pns-disable", () => {
    const perSample = FILE.replace(
      "@negative model=c",
      "@# pns-disable-next-sample negative-correct\n@negative model=c",
    );
    expect(findings(perSample).map(([c]) => c)).not.toContain("negative-correct");
    const fileWide = FILE.replace("@pns 1\n", "@pns 1\n@# pns-disable arithmetic-slip, duplicate-sample\n");
    expect(findings(fileWide).map(([c]) => c)).toEqual(["negative-correct", "positive-incorrect"]);
    const all = FILE.replace("@negative model=e", "@# pns-disable-next-sample\n@negative model=e");
    expect(findings(all).filter(([c]) => c === "duplicate-sample")).toEqual([]);
  });

  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
  ])("keeps exact positions with %s line ends, escaped lines and comments inside a body", (_name, eol) => {
    const text = [
      "@pns 1",
      "",
      "@problem p",
      "Add.",
      "",
      "@answer 5",
      "@negative",
      "@@note: we add",
      "@# a reviewer's comment",
      "So 2 + 2 = 5, clearly.",
      "The answer is $\\boxed{5}$.",
      "",
    ].join(eol);
    const result = analyzeFile(parse(text), defaultSettings());
    const slip = result.findings.find((f) => f.code === "arithmetic-slip")!;
    expect(slip.range.start).toMatchObject({ line: 9, character: 3 });
    expect(slip.range.end).toMatchObject({ line: 9, character: 12 });
    expect(text.slice(slip.range.start.offset, slip.range.end.offset)).toBe("2 + 2 = 5");
    const answer = result.samples[0].verdict.extractedRange!;
    expect(answer.start).toMatchObject({ line: 10, character: 22 });
    expect(text.slice(answer.start.offset, answer.end.offset)).toBe("5");
  });

  it("uses remote scores and names the weakest component of an implausible negative", () => {
    const s = defaultSettings();
    s.judge = { baseUrl: "http://localhost:1/v1", model: "judge", temperature: 0, maxTokens: 100 };
    const judge: ComponentScore = {
      name: "judge",
      value: 0.05,
      weight: 0,
      reason: "incoherent reasoning",
      provenance: {
        model: "judge",
        endpoint: "http://localhost:1/v1",
        scoredAt: "2026-01-01T00:00:00Z",
        cached: true,
      },
    };
    const remote: RemoteScoreLookup = {
      get: (r, c) => (c === "judge" && r.sampleIndex === 1 ? judge : undefined),
    };
    const result = analyzeFile(parse(FILE), s, remote);
    const implausible = result.findings.filter((f) => f.code === "implausible-negative");
    expect(implausible).toHaveLength(1);
    expect(implausible[0].sampleIndex).toBe(1);
    expect(implausible[0].message).toContain("weakest component: judge 0.05 (incoherent reasoning)");
    expect(result.samples[1].components.find((c) => c.name === "judge")).toMatchObject({
      value: 0.05,
      provenance: { cached: true },
    });
    expect(result.samples[4].components.find((c) => c.name === "judge")).toMatchObject({
      value: null,
      weight: 0,
    });
  });
});

describe("hostile input", () => {
  it("analyses a 1 MB response full of false claims in bounded time, capping the findings", () => {
    const body = "So 2 + 2 = 5 and $\\frac{1}{0} = 1$ and 10^{10^{10}} = 1 and {{{{ $x$\n".repeat(20_000);
    const text = `@pns 1\n\n@problem p\nQ?\n\n@answer 4\n@negative\n${body}The answer is $\\boxed{5}$.\n`;
    expect(text.length).toBeGreaterThan(1_000_000);
    const start = performance.now();
    const result = analyzeFile(parse(text), defaultSettings());
    expect(performance.now() - start).toBeLessThan(10_000);
    const slips = result.findings.filter((f) => f.code === "arithmetic-slip");
    expect(slips).toHaveLength(10);
    expect(slips[9].message).toContain("19990 more false claims not shown");
    expect(covered(text, slips[9].range)).toBe("2 + 2 = 5");
    expect(slips[9].range.start.line).toBe(6 + 10);
  });

  it("maps positions in a body that starts with a comment and ends with one", () => {
    const text =
      "@pns 1\n\n@problem p\nQ?\n\n@answer 4\n@negative\n@# first\nSo 2 + 2 = 5.\n@# last\nThe answer is $\\boxed{5}$.\n";
    const result = analyzeFile(parse(text), defaultSettings());
    const slip = result.findings.find((f) => f.code === "arithmetic-slip")!;
    expect(covered(text, slip.range)).toBe("2 + 2 = 5");
    expect(covered(text, result.samples[0].verdict.extractedRange!)).toBe("5");
  });
});

describe("analyzeProblem", () => {
  it("gives the same result for one problem as the whole-file analysis", () => {
    const file = parse(FILE);
    const whole = analyzeFile(file, defaultSettings());
    const one = analyzeProblem(file.problems[0], defaultSettings());
    expect(one.findings).toEqual(whole.findings);
    expect(one.samples).toEqual(whole.samples);
  });

  it("reuses cached local scores for unchanged text, and forgets them when the settings change", () => {
    const file = parse(FILE);
    const cache = new AnalysisCache();
    let calls = 0;
    const grade = (gold: string, response: string) => {
      calls++;
      return {
        equal: false,
        gradable: true,
        extracted: "1",
        kind: "number",
        rule: "stub",
        reason: `stub ${gold} ${response.length}`,
        gold: { raw: gold, normalized: gold },
        pred: null,
      };
    };
    analyzeProblem(file.problems[0], defaultSettings(), undefined, { cache, grade });
    // Samples 2 and 5 have the same text: graded once.
    expect(calls).toBe(4);
    analyzeProblem(file.problems[0], defaultSettings(), undefined, { cache, grade });
    expect(calls).toBe(4);
    const changed = defaultSettings();
    changed.implausibleThreshold = 0.2;
    analyzeProblem(file.problems[0], changed, undefined, { cache, grade });
    expect(calls).toBe(8);
  });

  it("finds near-duplicates and short negatives", () => {
    const long =
      "We compute the total number of clips sold over the two months by adding both amounts together carefully.";
    const text = `@pns 1

@problem p
Q?

@answer 72
@positive
${long}
In May: $48 / 2 = 24$. Total: $48 + 24 = 72$. The answer is $\\boxed{72}$.

@negative
${long}
In May: $48 / 2 = 24$. Total: $48 + 24 = 72$. The answer is $\\boxed{73}$.

@negative
It is $\\boxed{5}$.
`;
    expect(findings(text).filter(([c]) => c === "near-duplicate-sample" || c === "short-negative")).toEqual([
      ["near-duplicate-sample", "@negative"],
      ["short-negative", "@negative"],
    ]);
  });

  it("reports a problem it fails on as analysis-error, and analyses the rest of the file", () => {
    const text = `${FILE}\n@problem second\nWhat is 2 + 2?\n\n@answer 4\n@positive\nThe answer is $\\boxed{4}$.\n`;
    const file = parse(text);
    expect(file.problems.map((p) => p.id)).toEqual(["clips", "second"]);
    // A grader that trips on the first problem's gold stands in for a defect met on some input.
    const grade = (gold: string, response: string): ReturnType<typeof realGrade> => {
      if (gold === "72") throw new RangeError("Division by Zero");
      return realGrade(gold, response);
    };
    const analysis = analyzeFile(file, defaultSettings(), undefined, { grade });
    const failed = analysis.findings.filter((f) => f.code === "analysis-error");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ problemId: "clips", severity: "error" });
    expect(failed[0].message).toContain("Division by Zero");
    expect(failed[0].range.start.line).toBe(2);
    expect(analysis.samples.map((r) => [r.problemId, r.verdict.equal])).toEqual([["second", true]]);
  });
});
