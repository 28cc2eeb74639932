import { Fraction } from "mathjs";
import { rationalPower } from "./roots";
import { MINUS, PLUS, SLASH, STAR } from "./tokens";

/**
 * The values of a side of a claim and the two arithmetics that compute them: safe integers as plain
 * numbers (exact, nothing allocated), and mathjs's bigint fractions, with a float for a result
 * that is not rational (an irrational root), marked approximate. Every input is bounded so no
 * claim can make the scan slow: literal length, exponent size, factorial size.
 */
export type Value = { exact: true; value: Fraction } | { exact: false; value: number };

/** The side cannot be evaluated (a variable, a malformed group, out of bounds): the claim is skipped. */
export class Unsupported extends Error {}

/**
 * Thrown for every unsupported side. One instance, created once: building an Error captures a
 * stack trace, which would dominate the cost of skipping claims on hostile input.
 */
export const UNSUPPORTED = new Unsupported("not a closed arithmetic expression");

/** Thrown by the integer arithmetic when a value is not a safe integer: evaluate with fractions. */
export const NOT_AN_INTEGER = new Error("not a safe integer");

const MAX_LITERAL_DIGITS = 30;
const MAX_EXPONENT = 256;
const MAX_RESULT_DIGITS = 600;
const MAX_FACTORIAL = 60;

/** What the parser computes with; `V` is the value type. */
export interface Arithmetic<V> {
  /** The number written `text[start, end)`, with any thousands separators. */
  literal(text: string, start: number, end: number): V;
  small(n: number): V;
  add(a: V, b: V): V;
  sub(a: V, b: V): V;
  mul(a: V, b: V): V;
  div(a: V, b: V): V;
  pow(base: V, exponent: V): V;
  factorial(v: V): V;
  /** `\sqrt[degree]{v}`; degree undefined for a square root. */
  root(v: V, degree: V | undefined): V;
}

// ---- Safe integers as plain numbers: exact while every step stays one ----

function checked(r: number): number {
  if (!Number.isSafeInteger(r)) throw NOT_AN_INTEGER;
  return r;
}

/** Decimal digits of a fraction's numerator and denominator, as the exponent bound counts them. */
const integerDigits = (n: number): number => String(Math.abs(n)).length + 1;

export const integers: Arithmetic<number> = {
  literal(text, start, end) {
    // 15 digits always fit a safe integer; a longer or decimal literal goes to the fractions.
    if (end - start > 15) throw NOT_AN_INTEGER;
    let r = 0;
    for (let k = start; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c >= 48 && c <= 57) r = r * 10 + (c - 48);
      else if (c === 46) throw NOT_AN_INTEGER;
      // Anything else is a thousands separator: `,`, `{,}`, `\,`.
    }
    return r;
  },
  small: (n) => n,
  // A sum, difference or product that is a safe integer is computed exactly by doubles, and one
  // that is not rounds to a value that is not a safe integer either.
  add: (a, b) => checked(a + b),
  sub: (a, b) => checked(a - b),
  mul: (a, b) => checked(a * b),
  div(a, b) {
    if (b === 0 || a % b !== 0) throw NOT_AN_INTEGER;
    return checked(a / b);
  },
  pow(base, exponent) {
    if (exponent < 0 || exponent > MAX_EXPONENT || integerDigits(base) * exponent > MAX_RESULT_DIGITS) {
      throw NOT_AN_INTEGER;
    }
    let r = 1;
    for (let k = 0; k < exponent; k++) r = checked(r * base);
    return r;
  },
  factorial(v) {
    // 18! is the last factorial below 2^53.
    if (v < 0 || v > 18) throw NOT_AN_INTEGER;
    let r = 1;
    for (let k = 2; k <= v; k++) r *= k;
    return r;
  },
  root() {
    throw NOT_AN_INTEGER;
  },
};

// ---- Exact fractions (bigint), floats for irrational results ----

const digits = (f: Fraction): number => (f.n.toString().length + f.d.toString().length) | 0;

export function toNumber(v: Value): number {
  return v.exact ? Number(v.value.n * v.value.s) / Number(v.value.d) : v.value;
}

const POWERS_OF_TEN = Array.from({ length: MAX_LITERAL_DIGITS + 1 }, (_, k) => 10n ** BigInt(k));

/** A decimal literal as an exact fraction, built from bigints (no string parsing in mathjs). */
function literal(text: string): Fraction {
  const plain = text.length > 3 && /[,{\\]/.test(text) ? text.replace(/\{,\}|\\,|,/g, "") : text;
  const dot = plain.indexOf(".");
  const digits = dot < 0 ? plain : plain.slice(0, dot) + plain.slice(dot + 1);
  if (digits.length > MAX_LITERAL_DIGITS) throw UNSUPPORTED;
  const decimals = dot < 0 ? 0 : plain.length - dot - 1;
  return new Fraction(BigInt(digits === "" ? "0" : digits), POWERS_OF_TEN[decimals]);
}

export const exact = (value: Fraction): Value => ({ exact: true, value });

function binary(op: number, a: Value, b: Value): Value {
  if (a.exact && b.exact) {
    if (op === PLUS) return exact(a.value.add(b.value));
    if (op === MINUS) return exact(a.value.sub(b.value));
    if (op === STAR) return exact(a.value.mul(b.value));
    if (b.value.n === 0n) throw UNSUPPORTED;
    return exact(a.value.div(b.value));
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (op === SLASH && y === 0) throw UNSUPPORTED;
  const r = op === PLUS ? x + y : op === MINUS ? x - y : op === STAR ? x * y : x / y;
  return { exact: false, value: r };
}

function power(base: Value, exponent: Value): Value {
  if (base.exact && exponent.exact) {
    const e = exponent.value;
    // 0 to a negative power is a division by zero, whole or fractional.
    if (base.value.n === 0n && e.s < 0n) throw UNSUPPORTED;
    if (e.d === 1n) {
      const n = Number(e.n);
      if (n > MAX_EXPONENT || digits(base.value) * n > MAX_RESULT_DIGITS) throw UNSUPPORTED;
    } else if (e.d > 12n || e.n > BigInt(MAX_EXPONENT)) {
      throw UNSUPPORTED;
    } else if (digits(base.value) * Number(e.n) > MAX_RESULT_DIGITS * Number(e.d)) {
      // The same bound on the result's size as for whole powers: nested fractional powers of a
      // big base would otherwise grow to millions of digits (hostile input, seconds per claim).
      throw UNSUPPORTED;
    }
    // Exact when the result is rational (4^{1/2}); null otherwise.
    const r = rationalPower(base.value, e);
    if (r !== null) return exact(r);
  }
  const r = Math.pow(toNumber(base), toNumber(exponent));
  if (!Number.isFinite(r)) throw UNSUPPORTED;
  return { exact: false, value: r };
}

export const fractions: Arithmetic<Value> = {
  literal: (text, start, end) => exact(literal(text.slice(start, end))),
  small: (n) => exact(new Fraction(n)),
  add: (a, b) => binary(PLUS, a, b),
  sub: (a, b) => binary(MINUS, a, b),
  mul: (a, b) => binary(STAR, a, b),
  div: (a, b) => binary(SLASH, a, b),
  pow: power,
  factorial(v) {
    if (!v.exact || v.value.d !== 1n || v.value.s < 0n || v.value.n > BigInt(MAX_FACTORIAL)) {
      throw UNSUPPORTED;
    }
    let r = 1n;
    for (let k = 2n; k <= v.value.n; k++) r *= k;
    return exact(new Fraction(r));
  },
  root(v, degree) {
    let d = new Fraction(2);
    if (degree) {
      if (!degree.exact || degree.value.d !== 1n || degree.value.n < 2n || degree.value.n > 12n)
        throw UNSUPPORTED;
      d = degree.value;
    }
    return power(v, exact(new Fraction(1).div(d)));
  },
};
