import { describe, expect, it } from "vitest";
import { defaultSettings } from "../../../server/src/core/config/index";
import {
  accuracyInversion,
  compositeReward,
  type ComponentScore,
  type FormatReport,
  type GradeVerdict,
  localCotScore,
  scoreResponse,
} from "../../../server/src/core/reward/index";

const verdict = (equal: boolean, gradable = true): GradeVerdict => ({
  equal,
  gradable,
  extracted: gradable ? "62" : null,
  kind: "number",
  rule: gradable ? "exact-rational" : "no-answer",
  reason: gradable ? (equal ? "both equal 72" : "72 ≠ 62") : "no final answer found",
  gold: { raw: "72", normalized: "72" },
  pred: gradable ? { raw: "62", normalized: "62" } : null,
});

const format = (score: number, malformed = false): FormatReport => ({
  findings: malformed ? [{ code: "truncated", message: "", start: 0, end: 1, severity: "warning" }] : [],
  score,
  malformed,
  violated: malformed ? ["truncated"] : [],
});

const remote = (name: "rewardModel" | "judge", value: number | null): ComponentScore => ({
  name,
  value,
  weight: 0,
  reason: value === null ? "endpoint timed out" : "scored",
});

const cot = (value: number | null): ComponentScore => ({ name: "localCot", value, weight: 0.15, reason: "" });

describe("accuracy inversion", () => {
  it.each<[boolean, boolean, number | null]>([
    [false, true, 1],
    [true, true, 0],
    [false, false, null],
  ])("equal=%s gradable=%s → %s", (equal, gradable, value) => {
    const c = accuracyInversion(verdict(equal, gradable));
    expect(c.value).toBe(value);
    expect(c.reason).toContain(verdict(equal, gradable).reason);
  });
});

describe("local CoT score", () => {
  const claim = (holds: boolean) => ({
    start: 0,
    end: 1,
    text: "",
    left: "",
    right: "",
    leftValue: "",
    rightValue: "",
    holds,
  });
  it.each<[boolean[], number | null]>([
    [[], null],
    [[true, true], 1],
    [[false], 0.5],
    [[true, false, true], 0.75],
    [[false, false, false], 0.25],
  ])("claims %j → %s", (holds, value) => {
    const claims = holds.map(claim);
    const report = {
      claims,
      falseClaims: claims.filter((c) => !c.holds),
      firstSlip: claims.find((c) => !c.holds),
    };
    expect(localCotScore(report, 0.15).value).toBe(value);
  });
});

describe("compositeReward", () => {
  const settings = defaultSettings();
  settings.rewardModel = {
    baseUrl: "http://h",
    model: "rm",
    kind: "classify",
    transform: { type: "sigmoid", scale: 1, shift: 0 },
  };
  settings.judge = { baseUrl: "http://h/v1", model: "j", temperature: 0, maxTokens: 10 };

  it("a malformed response gets the hard penalty, whatever else", () => {
    const r = compositeReward(
      {
        format: format(0.5, true),
        accuracy: accuracyInversion(verdict(false)),
        localCot: cot(1),
        rewardModel: remote("rewardModel", 0.9),
      },
      settings,
    );
    expect(r).toMatchObject({ composite: -1, outcome: "malformed", used: ["format"] });
    expect(r.weakest?.name).toBe("format");
  });

  it("a correct answer earns no plausibility reward", () => {
    const r = compositeReward(
      {
        format: format(1),
        accuracy: accuracyInversion(verdict(true)),
        localCot: cot(1),
        rewardModel: remote("rewardModel", 0.99),
      },
      settings,
    );
    expect(r).toMatchObject({ composite: 0, outcome: "correct", used: ["accuracy"] });
  });

  it("an ungradable answer is unscorable (null), never guessed", () => {
    const r = compositeReward(
      { format: format(1), accuracy: accuracyInversion(verdict(false, false)), localCot: cot(1) },
      settings,
    );
    expect(r).toMatchObject({ composite: null, outcome: "unscorable", used: [] });
  });

  it("a wrong answer earns the weighted mean of all available components", () => {
    const r = compositeReward(
      {
        format: format(1),
        accuracy: accuracyInversion(verdict(false)),
        localCot: cot(0.5),
        rewardModel: remote("rewardModel", 0.8),
        judge: remote("judge", 0.6),
      },
      settings,
    );
    const w = settings.weights;
    const expected =
      (w.format * 1 + w.rewardModel * 0.8 + w.judge * 0.6 + w.localCot * 0.5) /
      (w.format + w.rewardModel + w.judge + w.localCot);
    expect(r.composite).toBeCloseTo(expected, 12);
    expect(r.used).toEqual(["accuracy", "format", "rewardModel", "judge", "localCot"]);
    expect(r.weakest?.name).toBe("localCot");
    expect(r.reason).toContain("rewardModel 0.8");
  });

  it("leaves out unavailable components and renormalises the weights", () => {
    const r = compositeReward(
      {
        format: format(1),
        accuracy: accuracyInversion(verdict(false)),
        localCot: cot(null),
        rewardModel: remote("rewardModel", 0.5),
        judge: remote("judge", null),
      },
      settings,
    );
    const w = settings.weights;
    expect(r.composite).toBeCloseTo((w.format + 0.5 * w.rewardModel) / (w.format + w.rewardModel), 12);
    expect(r.used).toEqual(["accuracy", "format", "rewardModel"]);
    expect(r.components.find((c) => c.name === "judge")?.weight).toBe(0);
  });

  it("with every weight on missing components, a wrong well-formed answer gets full reward", () => {
    const s = defaultSettings();
    s.weights = { format: 0, rewardModel: 1, judge: 0, localCot: 0 };
    const r = compositeReward(
      { format: format(1), accuracy: accuracyInversion(verdict(false)), localCot: cot(1) },
      s,
    );
    expect(r).toMatchObject({ composite: 1, used: ["accuracy"] });
  });

  it("penalties are configurable", () => {
    const s = defaultSettings();
    s.penalties = { malformed: -2, correct: -0.1 };
    expect(
      compositeReward(
        { format: format(0, true), accuracy: accuracyInversion(verdict(false)), localCot: cot(1) },
        s,
      ).composite,
    ).toBe(-2);
    expect(
      compositeReward({ format: format(1), accuracy: accuracyInversion(verdict(true)), localCot: cot(1) }, s)
        .composite,
    ).toBe(-0.1);
  });
});

describe("scoreResponse (with the real grader)", () => {
  it("scores a plausible negative with its slip", () => {
    const r = scoreResponse(
      "72",
      "In May: $48 / 2 = 24$.\nTotal: $48 + 24 = 62$.\n\nThe answer is $\\boxed{62}$.",
      defaultSettings(),
    );
    expect(r.verdict).toMatchObject({ equal: false, gradable: true, extracted: "62" });
    expect(r.arithmetic.firstSlip?.text).toBe("48 + 24 = 62");
    expect(r.composite.outcome).toBe("plausibility");
    // format 1 and localCot (1 + 1) / (2 + 1), weights renormalised over the two local components.
    const w = defaultSettings().weights;
    expect(r.composite.composite).toBeCloseTo(
      (w.format + w.localCot * (2 / 3)) / (w.format + w.localCot),
      12,
    );
  });

  it("lists a configured remote component that has no score yet as unscored", () => {
    const s = defaultSettings();
    s.judge = { baseUrl: "http://h/v1", model: "j", temperature: 0, maxTokens: 10 };
    const r = scoreResponse("72", "So $\\boxed{62}$.\nDone.", s);
    expect(r.composite.components.find((c) => c.name === "judge")).toMatchObject({
      value: null,
      reason: "not scored yet",
    });
  });
});
