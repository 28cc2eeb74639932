import { problemRandom, shuffled } from "./random";

/** How `trl-dpo` export turns one problem's positives and negatives into pairs (docs/interop.md). */
export type PairingStrategy = "each-negative" | "all-pairs" | "per-problem-cap";

export const PAIRING_STRATEGIES: readonly PairingStrategy[] = [
  "each-negative",
  "all-pairs",
  "per-problem-cap",
];

export interface PairingOptions {
  strategy: PairingStrategy;
  /** per-problem-cap: the most pairs one problem may give. */
  maxPairsPerProblem: number;
  /** When set, positives (and for the cap, negatives) are shuffled per problem before pairing. */
  seed?: number;
}

/** A pair as indexes into the problem's positive and negative lists: `[positive, negative]`. */
export type Pair = [number, number];

/**
 * Pairs one problem's samples. Every strategy uses each negative at least once when it can, since
 * the negatives are what a PNS dataset is built for; they differ in how positives are reused.
 *
 * - `each-negative`: one pair per negative; positives are taken round-robin, so they are used as
 *   evenly as possible.
 * - `all-pairs`: every positive with every negative, negative by negative.
 * - `per-problem-cap`: pairs in rounds (round r pairs negative j with positive j+r), so every
 *   negative appears once before any appears twice, then cut at `maxPairsPerProblem`.
 *
 * Without a seed the order is file order; with one, the lists are shuffled by a generator derived
 * from the seed and the problem id.
 */
export function pairSamples(
  problemId: string,
  positives: number,
  negatives: number,
  options: PairingOptions,
): Pair[] {
  if (positives === 0 || negatives === 0) return [];
  const random = options.seed === undefined ? undefined : problemRandom(options.seed, problemId);
  const pos = order(positives, random);
  switch (options.strategy) {
    case "each-negative":
      return range(negatives).map((j) => [pos[j % positives], j]);
    case "all-pairs":
      return range(negatives).flatMap((j) => pos.map((i): Pair => [i, j]));
    case "per-problem-cap": {
      const neg = order(negatives, random);
      const pairs: Pair[] = [];
      for (let round = 0; round < positives && pairs.length < options.maxPairsPerProblem; round++) {
        for (let k = 0; k < negatives && pairs.length < options.maxPairsPerProblem; k++) {
          pairs.push([pos[(k + round) % positives], neg[k]]);
        }
      }
      return pairs;
    }
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function order(n: number, random: (() => number) | undefined): number[] {
  return random ? shuffled(range(n), random) : range(n);
}
