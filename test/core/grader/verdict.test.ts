import { describe, expect, it } from "vitest";
import { gradeAnswer, gradeResponse, normalizeAnswer } from "../../../server/src/core/grader/index";

describe("verdicts explain themselves", () => {
  it("carries both sides raw and normalised, the kind and the deciding rule", () => {
    const v = gradeAnswer("\\frac{1}{2}", "0.5");
    expect(v).toMatchObject({
      equal: true,
      gradable: true,
      extracted: "0.5",
      kind: "number",
      rule: "exact-rational",
      gold: { raw: "\\frac{1}{2}", normalized: "1 / 2" },
      pred: { raw: "0.5", normalized: "0.5" },
    });
    expect(v.extraction).toBeUndefined();
  });

  it("says what was extracted and where", () => {
    const response = "Hence the area is $\\boxed{12}$ square units.";
    const v = gradeResponse("12", response);
    expect(v.extraction).toEqual({
      text: "12",
      start: response.indexOf("12"),
      end: response.indexOf("12") + 2,
      method: "boxed",
    });
    expect(v.reason).toMatch(/^extracted "12" \(boxed, offsets \d+-\d+\); /);
  });

  it("is not gradable, and not equal, when there is no answer or a bound is hit", () => {
    const none = gradeResponse("3", "I tried several approaches but could not finish.");
    expect(none).toMatchObject({
      equal: false,
      gradable: false,
      extracted: null,
      rule: "no-answer",
      pred: null,
    });
    const big = gradeAnswer("10^{10^{10}}", "10^{10^{10}} + 1");
    expect(big).toMatchObject({ equal: false, gradable: false, rule: "too-large" });
    const empty = gradeAnswer("", "3");
    expect(empty).toMatchObject({ equal: false, gradable: false, rule: "empty" });
  });

  it("gives hovers the kind and canonical form", () => {
    expect(normalizeAnswer("\\dfrac{3}{4}")).toEqual({ kind: "number", normalized: "3 / 4" });
    expect(normalizeAnswer("x \\ge 2")).toEqual({ kind: "relation", normalized: "2 <= x" });
    expect(normalizeAnswer("1, 2")).toEqual({ kind: "list", normalized: "{1, 2}" });
    expect(normalizeAnswer("\\textbf{(B)}")).toEqual({ kind: "choice", normalized: "B" });
    expect(normalizeAnswer("\\begin{pmatrix}1&0\\\\0&1\\end{pmatrix}")).toEqual({
      kind: "matrix",
      normalized: "[[1, 0], [0, 1]]",
    });
  });
});
