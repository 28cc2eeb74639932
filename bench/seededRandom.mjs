// One seeded generator for everything that must produce the same bytes on every run: the
// benchmarks' datasets (parseDataset.mjs, scale.mjs) and the tests' generated corpora and values
// (test/lsp/lintParity, test/jobs/scriptSafety, the curves fixture), so a failure can be replayed
// from its seed.

/** mulberry32: a small, well-mixed 32-bit generator; returns floats in [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
