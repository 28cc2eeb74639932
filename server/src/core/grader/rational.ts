// Exact rationals over bigint: integers and fractions compare with no tolerance at all.
import { MAX_EXACT_BITS, MAX_EXACT_EXPONENT, NOT_EXACT } from "./bounds";

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
  if (a.n < 0n && k % 2 === 0) return null;
  const rn = intRoot(abs(a.n), k);
  const rd = intRoot(a.d, k);
  if (rn === null || rd === null) return null;
  return rat(a.n < 0n ? -rn : rn, rd);
}

function intRoot(x: bigint, k: number): bigint | null {
  if (x < 2n) return x;
  const fx = Number(x);
  if (!Number.isFinite(fx)) return null;
  let guess = BigInt(Math.round(fx ** (1 / k)));
  for (const c of [guess - 1n, guess, guess + 1n]) if (c >= 0n && c ** BigInt(k) === x) return c;
  // Float rounding can miss for large x: a few Newton steps settle it.
  for (let i = 0; i < 64 && guess > 0n; i++) {
    const next = ((BigInt(k) - 1n) * guess + x / guess ** BigInt(k - 1)) / BigInt(k);
    if (next === guess) break;
    guess = next;
  }
  for (const c of [guess - 1n, guess, guess + 1n]) if (c >= 0n && c ** BigInt(k) === x) return c;
  return null;
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
