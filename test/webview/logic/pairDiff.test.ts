import { describe, expect, it } from "vitest";
import { pairDiff, plainPieces } from "../../../webview/src/logic/pairDiff";

describe("pairDiff", () => {
  const chosen = "Six batches take $6 \\times \\frac{3}{4} = \\frac{9}{2}$ cups.";
  const rejected = "Six batches take $6 \\times \\frac{3}{4} = \\frac{7}{2}$ cups.";

  it("marks a changed formula as one atom on each side and nothing else", () => {
    const d = pairDiff(chosen, rejected);
    const changedLeft = d.left.filter((p) => p.changed);
    const changedRight = d.right.filter((p) => p.changed);
    expect(changedLeft.map((p) => p.kind)).toEqual(["math"]);
    expect(changedRight.map((p) => p.text)).toEqual(["$6 \\times \\frac{3}{4} = \\frac{7}{2}$"]);
    expect(d.stats).toEqual({ deleted: 1, inserted: 1, same: 5 });
  });

  it("reassembles each side exactly from its pieces", () => {
    const d = pairDiff(`${chosen}\n\n  spaced   out\n`, rejected);
    expect(d.left.map((p) => p.text).join("")).toBe(`${chosen}\n\n  spaced   out\n`);
    expect(d.right.map((p) => p.text).join("")).toBe(rejected);
  });

  it("tags pieces overlapping a marker; a marker inside a formula covers the formula", () => {
    const start = rejected.indexOf("\\frac{7}");
    const d = pairDiff(chosen, rejected, [], [{ kind: "slip", start, end: start + 3 }]);
    const marked = d.right.filter((p) => p.markers.includes("slip"));
    expect(marked).toHaveLength(1);
    expect(marked[0].kind).toBe("math");
  });

  it("joins whitespace between two changed words into the change", () => {
    const d = pairDiff("a b c", "a x y c");
    const right = d.right.map((p) => [p.text, p.changed]);
    expect(right).toEqual([
      ["a", false],
      [" ", false],
      ["x", true],
      [" ", true],
      ["y", true],
      [" ", false],
      ["c", false],
    ]);
  });

  it("plainPieces cuts text without marking changes", () => {
    const pieces = plainPieces("Compute $\\frac{2}{3}$ now");
    expect(pieces.some((p) => p.changed)).toBe(false);
    expect(pieces.find((p) => p.kind === "math")?.tex).toBe("\\frac{2}{3}");
  });
});
