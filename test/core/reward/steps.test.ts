import { describe, expect, it } from "vitest";
import { firstDivergentStep, normalizeStep, splitSteps } from "../../../server/src/core/reward/index";

describe("splitSteps", () => {
  it("splits lines and sentences, with offsets", () => {
    const text = "First we add. Then We multiply.\n\n$$\nx = 2.5\n$$\nDone!";
    const steps = splitSteps(text);
    expect(steps.map((s) => s.text)).toEqual(["First we add.", "Then We multiply.", "x = 2.5", "Done!"]);
    for (const s of steps) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe("normalizeStep", () => {
  it.each([
    ["$48 / 2 = 24$.", "48 / 2 = 24"],
    ["3 \\times 4", "3 * 4"],
    ["3 \\cdot 4", "3×4"],
    ["\\dfrac{1}{2}", "\\frac{1}{2}"],
    ["\\left( 1 \\right)", "(1)"],
  ])("%s ~ %s", (a, b) => {
    expect(normalizeStep(a)).toBe(normalizeStep(b));
  });
});

describe("firstDivergentStep", () => {
  const positive =
    "In May she sold $48 / 2 = 24$ clips.\nAltogether: $48 + 24 = 72$.\n\nThe answer is $\\boxed{72}$.";

  it("finds the first step of the negative with no counterpart", () => {
    const negative =
      "In May she sold $48/2 = 24$ clips.\nAltogether: $48 + 24 = 62$.\n\nThe answer is $\\boxed{62}$.";
    const d = firstDivergentStep(positive, negative)!;
    expect(d.negative.index).toBe(1);
    expect(negative.slice(d.negative.start, d.negative.end)).toBe("Altogether: $48 + 24 = 62$.");
    expect(d.positive?.text).toBe("Altogether: $48 + 24 = 72$.");
  });

  it("matches in order: a step reused out of order diverges", () => {
    const d = firstDivergentStep("A one.\nB two.\nC three.", "B two.\nA one.")!;
    expect(d.negative.text).toBe("A one.");
    expect(d.positive?.text).toBe("C three.");
  });

  it("skips positive steps the negative leaves out", () => {
    expect(firstDivergentStep("A one.\nB two.\nC three.", "A one.\nC three.")).toBeUndefined();
  });

  it("returns undefined for identical text", () => {
    expect(firstDivergentStep(positive, positive)).toBeUndefined();
  });
});
