import * as Q from "../../numbers/rational";
import { BANG, CARET, Cmd, Kind, MINUS, PERCENT, PLUS, SLASH, STAR, TokenList } from "./tokens";
import {
  type Arithmetic,
  exact,
  fractions,
  integers,
  NOT_AN_INTEGER,
  toNumber,
  UNSUPPORTED,
  type Value,
} from "./values";

/** A side's value: a safe integer (exact) as a plain number, or a {@link Value}. */
export type SideValue = number | Value;

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
 * Evaluates tokens `[from, to)` exactly. Almost every claim a response makes is integer arithmetic
 * (`6 \times 18 = 108`), so a side is first evaluated with plain numbers, exact while every value
 * is a safe integer, allocating nothing; a side that leaves the integers (a fraction, a decimal, a
 * root, an overflow) is evaluated again with bigint fractions. Throws `Unsupported` when the
 * tokens are not a closed arithmetic expression.
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
  return typeof v === "number" ? exact(Q.rat(BigInt(v))) : v;
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
  return x.exact && y.exact && Q.eq(x.value, y.value);
}

/** Whether the value is exact (a rational), not a float. */
export const isExact = (v: SideValue): boolean => typeof v === "number" || v.exact;

/** Exact display (`3/4`, `24`), or the float for approximate values. */
export function formatValue(v: SideValue): string {
  if (typeof v === "number") return String(v);
  if (!v.exact) return String(Number(v.value.toPrecision(12)));
  const f = v.value;
  const sign = f.n < 0n ? "-" : "";
  const n = f.n < 0n ? -f.n : f.n;
  if (f.d === 1n) return `${sign}${n}`;
  // Terminating decimals read better as decimals (1.414, not 707/500).
  let d = f.d;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n && f.d <= 10n ** 12n ? `${sign}${Q.toDecimalString({ n, d: f.d })}` : `${sign}${n}/${f.d}`;
}
