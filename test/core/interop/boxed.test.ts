import { describe, expect, it } from "vitest";
import { lastBoxed } from "../../../server/src/core/interop/boxed";

describe("lastBoxed", () => {
  it.each([
    ["so $\\boxed{72}$.", "72"],
    ["$\\boxed{\\frac{5}{6}}$", "\\frac{5}{6}"],
    ["first \\boxed{10}, then \\boxed{60}", "60"],
    ["set $\\boxed{\\{-2, 3\\}}$", "\\{-2, 3\\}"],
    ["\\boxed{a \\boxed{b}}", "a \\boxed{b}"],
    ["\\boxed { 7 }", "7"],
    ["\\fbox{x = 2}", "x = 2"],
    ["\\boxed{(-1, 3)}", "(-1, 3)"],
    ["\\boxed{\\text{no}\\\\}", "\\text{no}\\\\"],
    ["no box here", null],
    ["\\boxed{unclosed", null],
    ["\\boxed{3} then \\boxed{unclosed", "3"],
  ])("%j -> %j", (text, expected) => {
    expect(lastBoxed(text)).toBe(expected);
  });
});
