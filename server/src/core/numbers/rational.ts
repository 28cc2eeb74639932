// The core's one exact number type: rationals over bigint. Integers and fractions compare with
// no tolerance at all; every operation respects the bounds in ./bounds (it throws NOT_EXACT
// rather than build a value over them), so callers fall back to approximate arithmetic.
import { MAX_EXACT_BITS, MAX_EXACT_EXPONENT, MAX_ROOT_DEGREE, NOT_EXACT } from "./bounds";

/** A normalised fraction: gcd(n, d) = 1 and d > 0. */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function checkSize(x: bigint): void {
  // toString(16) length * 4 ~ bit length; cheap enough and avoids a log computation.
  if (x > 0xffffn || x < -0xffffn) {
    if (abs(x).toString(16).length * 4 > MAX_EXACT_BITS) throw NOT_EXACT;
  }
}

export function rat(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw NOT_EXACT;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  if (g > 1n) {
    n /= g;
    d /= g;
  }
  checkSize(n);
  checkSize(d);
  return { n, d };
}

export const ZERO = rat(0n);
export const ONE = rat(1n);

export const add = (a: Rational, b: Rational): Rational => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n);
export const neg = (a: Rational): Rational => ({ n: -a.n, d: a.d });
export const eq = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;
export const isInteger = (a: Rational): boolean => a.d === 1n;

/** a^k for an integer k; throws NotExact when the result would be too large. */
export function powInt(a: Rational, k: bigint): Rational {
  if (k < 0n) return powInt(div(ONE, a), -k);
  if (k > BigInt(MAX_EXACT_EXPONENT) && !(abs(a.n) <= 1n && a.d === 1n)) {
    throw NOT_EXACT;
  }
  if (abs(a.n) <= 1n && a.d === 1n) return rat(k % 2n === 0n ? abs(a.n) : a.n);
  const bits = BigInt(Math.max(abs(a.n).toString(16).length, a.d.toString(16).length) * 4);
  if (bits * k > BigInt(MAX_EXACT_BITS)) throw NOT_EXACT;
  return rat(a.n ** k, a.d ** k);
}

/** Exact k-th root when the result is rational, else null. */
export function rootExact(a: Rational, k: number): Rational | null {
  if (k < 1 || k > MAX_ROOT_DEGREE) return null;
  if (a.n < 0n && k % 2 === 0) return null;
  const rn = integerRoot(abs(a.n), BigInt(k));
  const rd = rn === null ? null : integerRoot(a.d, BigInt(k));
  if (rn === null || rd === null) return null;
  return rat(a.n < 0n ? -rn : rn, rd);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The integer `k`-th root of `x >= 0` when `x` is a perfect `k`-th power, else null. Newton's
 * method from above: 2^ceil(bits / k) is at least the root, and the iterates decrease to the
 * floor of the root. No floating point and no factorisation (trial division of a large prime
 * once froze the arithmetic check for minutes).
 */
export function integerRoot(x: bigint, k: bigint): bigint | null {
  if (x < 2n || k === 1n) return x;
  // Below 2^53 a double holds x exactly and its k-th root to within far less than 1, so a perfect
  // power's root is the rounded estimate; checking it exactly costs one bigint power. This is the
  // common case (`\sqrt{117}`) and skips the binary string and the Newton loop below.
  if (x <= MAX_SAFE) {
    const guess = BigInt(Math.round(Number(x) ** (1 / Number(k))));
    return guess ** k === x ? guess : null;
  }
  const bits = BigInt(x.toString(2).length);
  let r = 1n << ((bits + k - 1n) / k);
  for (;;) {
    const next = ((k - 1n) * r + x / r ** (k - 1n)) / k;
    if (next >= r) break;
    r = next;
  }
  return r ** k === x ? r : null;
}

/**
 * `base ^ exponent` for a rational exponent `p/q` when the result is rational (`4^{1/2}`,
 * `(27/8)^{-2/3}`), else null. Throws NOT_EXACT when the result would exceed the bounds.
 */
export function powRational(base: Rational, exponent: Rational): Rational | null {
  if (exponent.d === 1n) return powInt(base, exponent.n);
  if (exponent.d > BigInt(MAX_ROOT_DEGREE)) return null;
  if (base.n === 0n) {
    if (exponent.n < 0n) throw NOT_EXACT;
    return ZERO;
  }
  const root = rootExact(base, Number(exponent.d));
  return root === null ? null : powInt(root, exponent.n);
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
export function compare(a: Rational, b: Rational): number {
  const x = a.n * b.d;
  const y = b.n * a.d;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `n!` exactly for an integer `n` up to `limit`; NOT_EXACT beyond. */
export function factorial(a: Rational, limit: number): Rational {
  if (a.d !== 1n || a.n < 0n || a.n > BigInt(limit)) throw NOT_EXACT;
  let r = 1n;
  for (let i = 2n; i <= a.n; i++) r *= i;
  return rat(r);
}

export function toNumber(a: Rational): number {
  const n = Number(a.n);
  const d = Number(a.d);
  if (Number.isFinite(n) && Number.isFinite(d)) return n / d;
  // Both huge: scale down by a common power of two before dividing.
  const shift = BigInt(Math.max(a.n.toString(2).length, a.d.toString(2).length) - 900);
  return Number(a.n >> (shift > 0n ? shift : 0n)) / Number(a.d >> (shift > 0n ? shift : 0n));
}

/** Parses "12", "-0.25", ".5", "1e3", "1.5e-2" exactly. */
export function parseDecimal(text: string): Rational | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const frac = m[3] ?? "";
  let n = BigInt((m[2] ?? "") + frac || "0");
  let d = 10n ** BigInt(frac.length);
  const e = m[4] ? Number(m[4]) : 0;
  if (Math.abs(e) > MAX_EXACT_EXPONENT) return null;
  if (e > 0) n *= 10n ** BigInt(e);
  else if (e < 0) d *= 10n ** BigInt(-e);
  return rat(m[1] === "-" ? -n : n, d);
}

export function format(a: Rational): string {
  return a.d === 1n ? a.n.toString() : `${a.n}/${a.d}`;
}

/**
 * A terminating fraction (denominator 2^a·5^b) written as a decimal: 707/500 → "1.414". Returns
 * the `a/b` form for other fractions.
 */
export function toDecimalString(a: Rational): string {
  let k = 0;
  let scale = 1n;
  while ((a.n * scale) % a.d !== 0n) {
    if (k >= 64) return format(a);
    scale *= 10n;
    k++;
  }
  if (k === 0) return format(a);
  const digits = abs((a.n * scale) / a.d)
    .toString()
    .padStart(k + 1, "0");
  const sign = a.n < 0n ? "-" : "";
  return `${sign}${digits.slice(0, -k)}.${digits.slice(-k)}`;
}
