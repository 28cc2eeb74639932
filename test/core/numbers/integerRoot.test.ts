import { describe, expect, it } from "vitest";
import { integerRoot } from "../../../server/src/core/numbers/rational";

// integerRoot reads roots below 2^53 from a double estimate and above it by Newton's method;
// these cases sit at the edge between the two, where a wrong estimate would show.
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The largest r with r^k <= limit. */
function largestRoot(limit: bigint, k: bigint): bigint {
  let lo = 1n;
  let hi = 1n;
  while (hi ** k <= limit) hi *= 2n;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (mid ** k <= limit) lo = mid;
    else hi = mid;
  }
  return lo;
}

describe("integerRoot at the double-precision edge", () => {
  it("finds every perfect power next to 2^53 and rejects its neighbours", () => {
    for (let k = 2n; k <= 64n; k++) {
      const top = largestRoot(SAFE, k);
      for (const r of [top - 1n, top, top + 1n, top + 2n]) {
        if (r < 2n) continue;
        expect(integerRoot(r ** k, k), `${r}^${k}`).toBe(r);
        expect(integerRoot(r ** k - 1n, k), `${r}^${k} - 1`).toBeNull();
        expect(integerRoot(r ** k + 1n, k), `${r}^${k} + 1`).toBeNull();
      }
    }
  });

  it("answers 0, 1 and values below 2^53 that are not powers", () => {
    expect(integerRoot(0n, 2n)).toBe(0n);
    expect(integerRoot(1n, 7n)).toBe(1n);
    expect(integerRoot(117n, 2n)).toBeNull();
    expect(integerRoot(SAFE, 2n)).toBeNull();
    expect(integerRoot(2n, 64n)).toBeNull();
    expect(integerRoot(2n ** 52n, 52n)).toBe(2n);
    expect(integerRoot(3n ** 33n, 33n)).toBe(3n);
  });
});
