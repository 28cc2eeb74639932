import { MAX_EXACT_FACTORIAL, MAX_LITERAL_DIGITS, MAX_ROOT_DEGREE } from "../../numbers/bounds";
import * as Q from "../../numbers/rational";
import { MINUS, PLUS, SLASH, STAR } from "./tokens";

/**
 * The values of a side of a claim and the two arithmetics that compute them: safe integers as plain
 * numbers (exact, nothing allocated), and the core's exact rationals (core/numbers), with a float
 * for a result that is not rational (an irrational root), marked approximate. The bounds are the
 * number engine's, so a value the grader computes exactly is computed exactly here too.
 */
export type Value = { exact: true; value: Q.Rational } | { exact: false; value: number };

/** The side cannot be evaluated (a variable, a malformed group, out of bounds): the claim is skipped. */
export class Unsupported extends Error {}

/**
 * Thrown for every unsupported side. One instance, created once: building an Error captures a
 * stack trace, which would dominate the cost of skipping claims on hostile input.
 */
export const UNSUPPORTED = new Unsupported("not a closed arithmetic expression");

/** Thrown by the integer arithmetic when a value is not a safe integer: evaluate with fractions. */
export const NOT_AN_INTEGER = new Error("not a safe integer");

/** Safe-integer powers stop here (2^53 needs no more); larger ones go to the rationals. */
const MAX_EXPONENT = 256;
/** Safe-integer powers whose result would have more digits go to the rationals at once. */
const MAX_RESULT_DIGITS = 600;

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

// ---- Exact rationals (core/numbers), floats for irrational results ----

export function toNumber(v: Value): number {
  return v.exact ? Q.toNumber(v.value) : v.value;
}

const POWERS_OF_TEN = Array.from({ length: MAX_LITERAL_DIGITS + 1 }, (_, k) => 10n ** BigInt(k));

/** A decimal literal as an exact rational, built from bigints (thousands separators dropped). */
function literal(text: string): Q.Rational {
  const plain = text.length > 3 && /[,{\\]/.test(text) ? text.replace(/\{,\}|\\,|,/g, "") : text;
  const dot = plain.indexOf(".");
  const digits = dot < 0 ? plain : plain.slice(0, dot) + plain.slice(dot + 1);
  if (digits.length > MAX_LITERAL_DIGITS) throw UNSUPPORTED;
  const decimals = dot < 0 ? 0 : plain.length - dot - 1;
  return Q.rat(BigInt(digits === "" ? "0" : digits), POWERS_OF_TEN[decimals]);
}

export const exact = (value: Q.Rational): Value => ({ exact: true, value });

function binary(op: number, a: Value, b: Value): Value {
  if (a.exact && b.exact) {
    // Q throws NOT_EXACT for a division by zero or a value over the bounds: the caller skips the claim.
    if (op === PLUS) return exact(Q.add(a.value, b.value));
    if (op === MINUS) return exact(Q.sub(a.value, b.value));
    if (op === STAR) return exact(Q.mul(a.value, b.value));
    if (b.value.n === 0n) throw UNSUPPORTED;
    return exact(Q.div(a.value, b.value));
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (op === SLASH && y === 0) throw UNSUPPORTED;
  const r = op === PLUS ? x + y : op === MINUS ? x - y : op === STAR ? x * y : x / y;
  return { exact: false, value: r };
}

function power(base: Value, exponent: Value): Value {
  if (base.exact && exponent.exact) {
    // 0 to a negative power is a division by zero, whole or fractional.
    if (base.value.n === 0n && exponent.value.n < 0n) throw UNSUPPORTED;
    // Exact when the result is rational (4^{1/2}) and within the number engine's bounds.
    let r: Q.Rational | null = null;
    try {
      r = Q.powRational(base.value, exponent.value);
    } catch {
      // Over the exact bounds: a float below, or unsupported when the float overflows too.
    }
    if (r !== null) return exact(r);
  }
  const r = Math.pow(toNumber(base), toNumber(exponent));
  if (!Number.isFinite(r)) throw UNSUPPORTED;
  return { exact: false, value: r };
}

export const fractions: Arithmetic<Value> = {
  literal: (text, start, end) => exact(literal(text.slice(start, end))),
  small: (n) => exact(Q.rat(BigInt(n))),
  add: (a, b) => binary(PLUS, a, b),
  sub: (a, b) => binary(MINUS, a, b),
  mul: (a, b) => binary(STAR, a, b),
  div: (a, b) => binary(SLASH, a, b),
  pow: power,
  factorial(v) {
    if (!v.exact) throw UNSUPPORTED;
    return exact(Q.factorial(v.value, MAX_EXACT_FACTORIAL));
  },
  root(v, degree) {
    let d = 2n;
    if (degree) {
      if (
        !degree.exact ||
        degree.value.d !== 1n ||
        degree.value.n < 2n ||
        degree.value.n > BigInt(MAX_ROOT_DEGREE)
      )
        throw UNSUPPORTED;
      d = degree.value.n;
    }
    return power(v, exact(Q.rat(1n, d)));
  },
};
