import { Fraction } from "mathjs";

/**
 * `base ^ exponent` when the result is rational, else null: the answer of mathjs's `Fraction.pow`.
 * mathjs decides a fractional power by factorising the base by trial division, which takes minutes
 * or more for a large prime (`\sqrt{123456789012345678901234567891}` in a response froze the check).
 * The same answer comes from integer roots: with the exponent `p/q` in lowest terms, a positive
 * `n/d` (in lowest terms) has a rational `p/q`-th power exactly when `n` and `d` are perfect q-th
 * powers. Integer exponents, zero and negative bases are left to mathjs, which answers them fast.
 */
export function rationalPower(base: Fraction, exponent: Fraction): Fraction | null {
  if (exponent.d === 1n || base.n === 0n || base.s < 0n) return base.pow(exponent);
  const n = exactRoot(base.n, exponent.d);
  const d = n === null ? null : exactRoot(base.d, exponent.d);
  if (n === null || d === null) return null;
  const p = exponent.n;
  return exponent.s < 0n ? new Fraction(d ** p, n ** p) : new Fraction(n ** p, d ** p);
}

/** The integer `k`-th root of `x > 0` when `x` is a perfect `k`-th power, else null. */
export function exactRoot(x: bigint, k: bigint): bigint | null {
  if (x === 1n) return 1n;
  // Newton's method from above: 2^ceil(bits / k) is at least the root; the iterates decrease
  // to the floor of the root, where the next one no longer does.
  const bits = BigInt(x.toString(2).length);
  let r = 1n << ((bits + k - 1n) / k);
  for (;;) {
    const next = ((k - 1n) * r + x / r ** (k - 1n)) / k;
    if (next >= r) break;
    r = next;
  }
  return r ** k === x ? r : null;
}
