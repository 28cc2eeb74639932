import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { pairSamples, type PairingOptions } from "../../../server/src/core/interop/index";

const opts = (strategy: PairingOptions["strategy"], extra: Partial<PairingOptions> = {}): PairingOptions => ({
  strategy,
  maxPairsPerProblem: 4,
  ...extra,
});

describe("pairSamples", () => {
  it("each-negative: one pair per negative, positives round-robin in file order", () => {
    expect(pairSamples("p", 2, 5, opts("each-negative"))).toEqual([
      [0, 0],
      [1, 1],
      [0, 2],
      [1, 3],
      [0, 4],
    ]);
  });

  it("all-pairs: every positive with every negative", () => {
    expect(pairSamples("p", 2, 2, opts("all-pairs"))).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
  });

  it("per-problem-cap: every negative once before any twice, cut at the cap", () => {
    expect(pairSamples("p", 2, 3, opts("per-problem-cap", { maxPairsPerProblem: 4 }))).toEqual([
      [0, 0],
      [1, 1],
      [0, 2],
      [1, 0],
    ]);
    expect(pairSamples("p", 1, 2, opts("per-problem-cap", { maxPairsPerProblem: 10 }))).toHaveLength(2);
  });

  it("gives no pairs without a positive or without a negative", () => {
    for (const strategy of ["each-negative", "all-pairs", "per-problem-cap"] as const) {
      expect(pairSamples("p", 0, 3, opts(strategy))).toEqual([]);
      expect(pairSamples("p", 3, 0, opts(strategy))).toEqual([]);
    }
  });

  it("with a seed: reproducible, per problem, and still a valid pairing", () => {
    const a = pairSamples("p1", 5, 7, opts("each-negative", { seed: 1 }));
    expect(pairSamples("p1", 5, 7, opts("each-negative", { seed: 1 }))).toEqual(a);
    const shuffledSomewhere = [1, 2, 3, 4, 5].some(
      (seed) =>
        JSON.stringify(pairSamples("p1", 5, 7, opts("each-negative", { seed }))) !==
        JSON.stringify(pairSamples("p1", 5, 7, opts("each-negative"))),
    );
    expect(shuffledSomewhere).toBe(true);
  });

  it("holds its invariants for any sizes, strategy and seed", () => {
    fc.assert(
      fc.property(
        fc.nat(6),
        fc.nat(6),
        fc.constantFrom("each-negative", "all-pairs", "per-problem-cap" as const),
        fc.integer({ min: 1, max: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        (p, n, strategy, cap, seed) => {
          const pairs = pairSamples("id", p, n, { strategy, maxPairsPerProblem: cap, seed });
          const keys = pairs.map(([i, j]) => `${i},${j}`);
          expect(new Set(keys).size).toBe(keys.length); // no pair twice
          for (const [i, j] of pairs) expect(i < p && j < n && i >= 0 && j >= 0).toBe(true);
          if (p === 0 || n === 0) {
            expect(pairs).toEqual([]);
            return;
          }
          const negativesUsed = new Set(pairs.map(([, j]) => j)).size;
          if (strategy === "each-negative") expect(pairs).toHaveLength(n);
          if (strategy === "all-pairs") expect(pairs).toHaveLength(p * n);
          if (strategy === "per-problem-cap") {
            expect(pairs).toHaveLength(Math.min(cap, p * n));
            expect(negativesUsed).toBe(Math.min(n, cap)); // coverage before reuse
          } else {
            expect(negativesUsed).toBe(n);
          }
        },
      ),
    );
  });
});
