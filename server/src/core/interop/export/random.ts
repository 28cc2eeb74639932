import { fnv1a64 } from "../hash";

/**
 * A seeded generator for pairing. Each problem gets its own stream, derived from the user's seed
 * and the problem id, so adding or removing one problem never changes the pairs of another.
 */
export function problemRandom(seed: number, problemId: string): () => number {
  const [hi, lo] = fnv1a64(new TextEncoder().encode(`${seed}\u0000${problemId}`));
  return mulberry32((hi ^ lo) >>> 0);
}

/** mulberry32: a small, well-mixed 32-bit generator; returns floats in [0, 1). */
function mulberry32(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
