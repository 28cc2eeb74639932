import { Fraction } from "mathjs";
import { rationalPower } from "./roots";
import { BANG, CARET, Cmd, Kind, MINUS, PERCENT, PLUS, SLASH, STAR, TokenList } from "./tokens";

/**
 * Exact evaluation of one side of a claim. Almost every claim a response makes is integer
 * arithmetic (`6 \times 18 = 108`), so a side is first evaluated with plain numbers, which is exact
 * while every value is a safe integer and allocates nothing. A side that leaves the integers (a
 * fraction, a decimal, a root, an overflow) is evaluated again with mathjs's bigint fractions;
 * results that are not rational (an irrational root) fall back to a float and are marked
 * approximate. Every input is bounded so no claim can make the scan slow: literal length,
 * exponent size, factorial size.
 */
export type Value = { exact: true; value: Fraction } | { exact: false; value: number };

/** A side's value: a safe integer (exact) as a plain number, or a {@link Value}. */
export type SideValue = number | Value;

/** The side cannot be evaluated (a variable, a malformed group, out of bounds): the claim is skipped. */
export class Unsupported extends Error {}

/**
 * Thrown for every unsupported side. One instance, created once: building an Error captures a
 * stack trace, which would dominate the cost of skipping claims on hostile input.
 */
const UNSUPPORTED = new Unsupported("not a closed arithmetic expression");

/** Thrown by the integer arithmetic when a value is not a safe integer: evaluate with fractions. */
const NOT_AN_INTEGER = new Error("not a safe integer");

const MAX_LITERAL_DIGITS = 30;
const MAX_EXPONENT = 256;
const MAX_RESULT_DIGITS = 600;
const MAX_FACTORIAL = 60;

/** What the parser computes with; `V` is the value type. */
interface Arithmetic<V> {
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

// ---- Safe integers as plain numbers ----

function checked(r: number): number {
  if (!Number.isSafeInteger(r)) throw NOT_AN_INTEGER;
  return r;
}

/** Decimal digits of a fraction's numerator and denominator, as the exponent bound counts them. */
const integerDigits = (n: number): number => String(Math.abs(n)).length + 1;

const integers: Arithmetic<number> = {
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

function toNumber(v: Value): number {
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

const exact = (value: Fraction): Value => ({ exact: true, value });

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
    if (e.d === 1n) {
      const n = Number(e.n);
      if (n > MAX_EXPONENT || digits(base.value) * n > MAX_RESULT_DIGITS) throw UNSUPPORTED;
      if (base.value.n === 0n && e.s < 0n) throw UNSUPPORTED;
    } else if (e.d > 12n || e.n > BigInt(MAX_EXPONENT)) {
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

const fractions: Arithmetic<Value> = {
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

// ---- The grammar, shared by both ----

const isDigitAt = (text: string, k: number): boolean => {
  const c = text.charCodeAt(k);
  return c >= 48 && c <= 57;
};

const NO_TOKENS = new TokenList(0);

/**
 * Recursive descent over tokens `[from, to)` of a {@link TokenList}: sums, products (explicit or
 * implicit), unary signs, powers, groups. One instance per arithmetic, reused: calls never nest.
 */
class Parser<V> {
  private text = "";
  private tokens = NO_TOKENS;
  private end = 0;
  /** The next token: its index, kind (-1 past the end), `info`, and operator (0 if it is none). */
  private i = 0;
  private kind = -1;
  private info = 0;
  private op = 0;

  constructor(private readonly arithmetic: Arithmetic<V>) {}

  evaluate(text: string, tokens: TokenList, from: number, to: number): V {
    this.text = text;
    this.tokens = tokens;
    this.end = to;
    this.seek(from);
    try {
      if (from === to) throw UNSUPPORTED;
      const v = this.sum();
      if (this.i !== to) throw UNSUPPORTED;
      return v;
    } finally {
      // Do not keep the response alive between calls.
      this.text = "";
      this.tokens = NO_TOKENS;
    }
  }

  /**
   * Moves to token `i`. The grammar tests the next token several times per token, so its fields
   * are read from the typed arrays once, here.
   */
  private seek(i: number): void {
    this.i = i;
    this.kind = i < this.end ? this.tokens.kind[i] : -1;
    this.info = i < this.end ? this.tokens.info[i] : 0;
    this.op = this.kind === Kind.Op ? this.info : 0;
  }

  private next(): void {
    this.seek(this.i + 1);
  }

  /** Whether the next token is of `kind`: a call, so that TypeScript does not narrow across `next()`. */
  private nextIs(kind: number): boolean {
    return this.kind === kind;
  }

  private sum(): V {
    let v = this.product();
    for (let op = this.op; op === PLUS || op === MINUS; op = this.op) {
      this.next();
      const w = this.product();
      v = op === PLUS ? this.arithmetic.add(v, w) : this.arithmetic.sub(v, w);
    }
    return v;
  }

  private product(): V {
    let v = this.unary();
    for (;;) {
      const kind = this.kind;
      const op = this.op;
      if (op === STAR) {
        this.next();
        v = this.arithmetic.mul(v, this.unary());
      } else if (op === SLASH) {
        this.next();
        v = this.arithmetic.div(v, this.unary());
      } else if (kind === Kind.Open || kind === Kind.Cmd) {
        // Implicit product: 2(3 + 4), (2)(3), 3\sqrt{4}.
        v = this.arithmetic.mul(v, this.unary());
      } else {
        return v;
      }
    }
  }

  private unary(): V {
    const op = this.op;
    if (op === PLUS) {
      this.next();
      return this.unary();
    }
    if (op === MINUS) {
      this.next();
      return this.arithmetic.sub(this.arithmetic.small(0), this.unary());
    }
    return this.power();
  }

  private power(): V {
    const base = this.postfix();
    if (this.op !== CARET) return base;
    this.next();
    const negative = this.nextIs(Kind.Op) && this.info === MINUS;
    if (negative) this.next();
    let exponent = this.postfix();
    if (negative) exponent = this.arithmetic.sub(this.arithmetic.small(0), exponent);
    return this.arithmetic.pow(base, exponent);
  }

  private postfix(): V {
    let v = this.primary();
    for (let op = this.op; op === BANG || op === PERCENT; op = this.op) {
      this.next();
      v = op === BANG ? this.arithmetic.factorial(v) : this.arithmetic.div(v, this.arithmetic.small(100));
    }
    return v;
  }

  private group(): V {
    if (this.kind !== Kind.Open) throw UNSUPPORTED;
    const open = this.info;
    this.next();
    const v = this.sum();
    if (!this.nextIs(Kind.Close)) throw UNSUPPORTED;
    // `)` is `(` + 1; `]` and `}` are `[` and `{` + 2.
    if (this.info !== (open === 40 ? 41 : open + 2)) throw UNSUPPORTED;
    this.next();
    return v;
  }

  /** A number token that is exactly `count` digits (`\frac34`, `\sqrt4`), else false. */
  private isDigits(count: number): boolean {
    if (this.kind !== Kind.Num) return false;
    const start = this.tokens.start[this.i];
    if (this.tokens.end[this.i] - start !== count) return false;
    for (let k = start; k < start + count; k++) if (!isDigitAt(this.text, k)) return false;
    return true;
  }

  /** A LaTeX argument: `{…}`, or a single digit as in `\frac12`, `\sqrt4`. */
  private argument(): V {
    if (this.kind === Kind.Open && this.info === 123) return this.group();
    if (this.isDigits(1)) {
      const digit = this.text.charCodeAt(this.tokens.start[this.i]) - 48;
      this.next();
      return this.arithmetic.small(digit);
    }
    throw UNSUPPORTED;
  }

  private primary(): V {
    const kind = this.kind;
    if (kind === Kind.Num) {
      const k = this.i;
      this.next();
      return this.arithmetic.literal(this.text, this.tokens.start[k], this.tokens.end[k]);
    }
    if (kind === Kind.Open) return this.group();
    if (kind !== Kind.Cmd) throw UNSUPPORTED;
    const cmd = this.info;
    this.next();
    if (cmd === Cmd.Boxed) return this.argument();
    if (cmd === Cmd.Sqrt) {
      const degree = this.kind === Kind.Open && this.info === 91 ? this.group() : undefined;
      return this.arithmetic.root(this.argument(), degree);
    }
    // \frac34 is 3/4: a two-digit literal right after \frac splits into its digits.
    if (this.isDigits(2)) {
      const start = this.tokens.start[this.i];
      this.next();
      const numerator = this.arithmetic.small(this.text.charCodeAt(start) - 48);
      return this.arithmetic.div(numerator, this.arithmetic.small(this.text.charCodeAt(start + 1) - 48));
    }
    const numerator = this.argument();
    return this.arithmetic.div(numerator, this.argument());
  }
}

const integerParser = new Parser(integers);
const fractionParser = new Parser(fractions);

/**
 * Evaluates tokens `[from, to)`: a safe integer when every step stays one, else a {@link Value}.
 * Throws {@link Unsupported} when they are not a closed arithmetic expression.
 */
export function evaluateTokens(text: string, tokens: TokenList, from: number, to: number): SideValue {
  try {
    return integerParser.evaluate(text, tokens, from, to);
  } catch (error) {
    if (error !== NOT_AN_INTEGER) throw error;
  }
  return fractionParser.evaluate(text, tokens, from, to);
}

/** The same value as a {@link Value}. */
function asValue(v: SideValue): Value {
  return typeof v === "number" ? exact(new Fraction(BigInt(v))) : v;
}

/** A float for messages and tolerance checks. */
export function valueToNumber(v: SideValue): number {
  return typeof v === "number" ? v : toNumber(v);
}

/** Whether both values are exact and equal. */
export function exactlyEqual(a: SideValue, b: SideValue): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  const x = asValue(a);
  const y = asValue(b);
  return x.exact && y.exact && x.value.equals(y.value);
}

/** Whether the value is exact (a rational), not a float. */
export const isExact = (v: SideValue): boolean => typeof v === "number" || v.exact;

/** Exact display (`3/4`, `24`), or the float for approximate values. */
export function formatValue(v: SideValue): string {
  if (typeof v === "number") return String(v);
  if (!v.exact) return String(Number(v.value.toPrecision(12)));
  const f = v.value;
  const sign = f.s < 0n && f.n !== 0n ? "-" : "";
  if (f.d === 1n) return `${sign}${f.n}`;
  // Terminating decimals read better as decimals (1.414, not 707/500).
  let d = f.d;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n && f.d <= 10n ** 12n ? `${sign}${f.abs().toString()}` : `${sign}${f.n}/${f.d}`;
}
