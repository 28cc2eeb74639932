/**
 * Near-duplicate detection stops merging a pair early once the threshold is out of reach; it must
 * find exactly the matches (and similarities) that computing every Jaccard in full, by its set
 * definition, finds.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findDuplicates, jaccard, type Fingerprint } from "../../../server/src/core/analysis/index";

/** Jaccard by its definition, with sets. */
function setJaccard(a: Int32Array, b: Int32Array): number {
  const left = new Set(a);
  const common = [...new Set(b)].filter((x) => left.has(x)).length;
  return a.length + b.length === 0 ? 1 : common / (a.length + b.length - common);
}

/** The plain definition: every pair's Jaccard in full. */
function reference(prints: readonly Fingerprint[], threshold: number) {
  const matches: { index: number; of: number; exact: boolean; similarity: number }[] = [];
  const first = new Map<number, number>();
  prints.forEach((mine, index) => {
    if (mine.wordCount === 0) return;
    const earlier = first.get(mine.textHash);
    if (earlier !== undefined) return void matches.push({ index, of: earlier, exact: true, similarity: 1 });
    first.set(mine.textHash, index);
    if (threshold > 1) return;
    for (let j = 0; j < index; j++) {
      if (prints[j].wordCount === 0) continue;
      const similarity = setJaccard(mine.shingles, prints[j].shingles);
      if (similarity >= threshold) return void matches.push({ index, of: j, exact: false, similarity });
    }
  });
  return matches;
}

// Small hash alphabets make overlapping sets (and so near duplicates) common.
const shingles = fc
  .uniqueArray(fc.integer({ min: -40, max: 40 }), { minLength: 1, maxLength: 30 })
  .map((values) => Int32Array.from(values.sort((a, b) => a - b)));
const print: fc.Arbitrary<Fingerprint> = fc.record({
  wordCount: fc.nat(5),
  textHash: fc.integer({ min: 0, max: 6 }),
  shingles,
});

describe("jaccard", () => {
  it("is the set definition", () => {
    fc.assert(
      fc.property(shingles, shingles, (a, b) => {
        expect(jaccard(a, b)).toBe(setJaccard(a, b));
      }),
    );
    expect(jaccard(new Int32Array(0), new Int32Array(0))).toBe(1);
  });
});

describe("findDuplicates", () => {
  it("finds what full Jaccard computations find", () => {
    fc.assert(
      fc.property(
        fc.array(print, { maxLength: 10 }),
        fc.constantFrom(0, 0.3, 0.5, 2 / 3, 0.75, 0.8, 0.9, 0.95, 1),
        (prints, threshold) => {
          expect(findDuplicates(prints, threshold)).toEqual(reference(prints, threshold));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
