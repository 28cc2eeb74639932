import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffKeys, type DiffRun } from "../../../webview/src/logic/wordDiff";

function check(a: string[], b: string[], runs: DiffRun[]): void {
  let ai = 0;
  let bi = 0;
  for (const r of runs) {
    expect(r.aStart).toBe(ai);
    expect(r.bStart).toBe(bi);
    if (r.op === "equal") expect(a.slice(r.aStart, r.aEnd)).toEqual(b.slice(r.bStart, r.bEnd));
    if (r.op === "delete") expect(r.bEnd).toBe(r.bStart);
    if (r.op === "insert") expect(r.aEnd).toBe(r.aStart);
    ai = r.aEnd;
    bi = r.bEnd;
  }
  expect(ai).toBe(a.length);
  expect(bi).toBe(b.length);
}

const same = (runs: DiffRun[]) =>
  runs.filter((r) => r.op === "equal").reduce((n, r) => n + r.aEnd - r.aStart, 0);

/** Length of a longest common subsequence (the optimum Myers must reach). */
function lcs(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  return dp[a.length][b.length];
}

describe("diffKeys", () => {
  it("finds a minimal diff of two sentences", () => {
    const a = "so six batches take 9/2 cups".split(" ");
    const b = "so six batches need 7/2 cups".split(" ");
    const runs = diffKeys(a, b);
    check(a, b, runs);
    expect(same(runs)).toBe(4);
  });

  it("handles empty sides", () => {
    expect(diffKeys([], [])).toEqual([]);
    expect(diffKeys(["a"], [])).toEqual([{ op: "delete", aStart: 0, aEnd: 1, bStart: 0, bEnd: 0 }]);
    expect(diffKeys([], ["a"])).toEqual([{ op: "insert", aStart: 0, aEnd: 0, bStart: 0, bEnd: 1 }]);
  });

  it("covers both sides in order and is optimal (property, small alphabet)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 40 }),
        fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 40 }),
        (a, b) => {
          const runs = diffKeys(a, b);
          check(a, b, runs);
          expect(same(runs)).toBe(lcs(a, b));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("falls back to patience anchors on very different long inputs, still covering both sides", () => {
    const a = Array.from({ length: 6000 }, (_, i) => `a${i % 3000}`);
    const b = Array.from({ length: 6000 }, (_, i) => (i % 5 === 0 ? `a${i}` : `b${i}`));
    const started = performance.now();
    const runs = diffKeys(a, b);
    expect(performance.now() - started).toBeLessThan(3000);
    check(a, b, runs);
  });
});
