import { Fraction } from "mathjs";
import type { Token } from "./tokens";

/**
 * Exact evaluation of one side of a claim with mathjs's bigint fractions. Results that are not
 * rational (an irrational root) fall back to a float and are marked approximate. Every input is
 * bounded so no claim can make the scan slow: literal length, exponent size, factorial size.
 */
export type Value = { exact: true; value: Fraction } | { exact: false; value: number };

/** The side cannot be evaluated (a variable, a malformed group, out of bounds): the claim is skipped. */
export class Unsupported extends Error {}

/**
 * Thrown for every unsupported side. One instance, created once: building an Error captures a
 * stack trace, which would dominate the cost of skipping claims on hostile input.
 */
const UNSUPPORTED = new Unsupported("not a closed arithmetic expression");

const MAX_LITERAL_DIGITS = 30;
const MAX_EXPONENT = 256;
const MAX_RESULT_DIGITS = 600;
const MAX_FACTORIAL = 60;

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

function binary(op: "+" | "-" | "*" | "/", a: Value, b: Value): Value {
  if (a.exact && b.exact) {
    if (op === "+") return { exact: true, value: a.value.add(b.value) };
    if (op === "-") return { exact: true, value: a.value.sub(b.value) };
    if (op === "*") return { exact: true, value: a.value.mul(b.value) };
    if (b.value.n === 0n) throw UNSUPPORTED;
    return { exact: true, value: a.value.div(b.value) };
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (op === "/" && y === 0) throw UNSUPPORTED;
  const r = op === "+" ? x + y : op === "-" ? x - y : op === "*" ? x * y : x / y;
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
    // Exact when the result is rational (4^{1/2}); mathjs answers null otherwise.
    const r = base.value.pow(e);
    if (r !== null) return { exact: true, value: r };
  }
  const r = Math.pow(toNumber(base), toNumber(exponent));
  if (!Number.isFinite(r)) throw UNSUPPORTED;
  return { exact: false, value: r };
}

function factorial(v: Value): Value {
  if (!v.exact || v.value.d !== 1n || v.value.s < 0n || v.value.n > BigInt(MAX_FACTORIAL)) {
    throw UNSUPPORTED;
  }
  let r = 1n;
  for (let k = 2n; k <= v.value.n; k++) r *= k;
  return { exact: true, value: new Fraction(r) };
}

/** Recursive descent over tokens: sums, products (explicit or implicit), unary signs, powers, groups. */
class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parseAll(): Value {
    if (this.tokens.length === 0) throw UNSUPPORTED;
    const v = this.sum();
    if (this.i !== this.tokens.length) throw UNSUPPORTED;
    return v;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private sum(): Value {
    let v = this.product();
    for (let t = this.peek(); t?.kind === "op" && (t.op === "+" || t.op === "-"); t = this.peek()) {
      this.i++;
      v = binary(t.op, v, this.product());
    }
    return v;
  }

  private product(): Value {
    let v = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.kind === "op" && (t.op === "*" || t.op === "/")) {
        this.i++;
        v = binary(t.op, v, this.unary());
      } else if (t && (t.kind === "open" || t.kind === "cmd")) {
        // Implicit product: 2(3 + 4), (2)(3), 3\sqrt{4}.
        v = binary("*", v, this.unary());
      } else {
        return v;
      }
    }
  }

  private unary(): Value {
    const t = this.peek();
    if (t?.kind === "op" && (t.op === "-" || t.op === "+")) {
      this.i++;
      const v = this.unary();
      return t.op === "+" ? v : binary("-", { exact: true, value: new Fraction(0) }, v);
    }
    return this.power();
  }

  private power(): Value {
    const base = this.postfix();
    const t = this.peek();
    if (t?.kind === "op" && t.op === "^") {
      this.i++;
      const sign = this.peek();
      let negative = false;
      if (sign?.kind === "op" && sign.op === "-") {
        this.i++;
        negative = true;
      }
      let exponent = this.postfix();
      if (negative) exponent = binary("-", { exact: true, value: new Fraction(0) }, exponent);
      return power(base, exponent);
    }
    return base;
  }

  private postfix(): Value {
    let v = this.primary();
    for (let t = this.peek(); t?.kind === "op" && (t.op === "!" || t.op === "%"); t = this.peek()) {
      this.i++;
      v = t.op === "!" ? factorial(v) : binary("/", v, { exact: true, value: new Fraction(100) });
    }
    return v;
  }

  private group(): Value {
    const open = this.peek();
    if (open?.kind !== "open") throw UNSUPPORTED;
    this.i++;
    const v = this.sum();
    const close = this.peek();
    const match = { "(": ")", "[": "]", "{": "}" }[open.ch];
    if (close?.kind !== "close" || close.ch !== match) throw UNSUPPORTED;
    this.i++;
    return v;
  }

  /** A LaTeX argument: `{…}`, or a single digit as in `\frac12`, `\sqrt4`. */
  private argument(): Value {
    const t = this.peek();
    if (t?.kind === "open" && t.ch === "{") return this.group();
    if (t?.kind === "num" && /^\d$/.test(t.text)) {
      this.i++;
      return { exact: true, value: new Fraction(Number(t.text)) };
    }
    throw UNSUPPORTED;
  }

  private primary(): Value {
    const t = this.peek();
    if (!t) throw UNSUPPORTED;
    if (t.kind === "num") {
      this.i++;
      return { exact: true, value: literal(t.text) };
    }
    if (t.kind === "open") return this.group();
    if (t.kind === "cmd") {
      this.i++;
      if (t.name === "boxed") return this.argument();
      if (t.name === "sqrt") {
        const index = this.peek();
        let degree = new Fraction(2);
        if (index?.kind === "open" && index.ch === "[") {
          const d = this.group();
          if (!d.exact || d.value.d !== 1n || d.value.n < 2n || d.value.n > 12n) throw UNSUPPORTED;
          degree = d.value;
        }
        return power(this.argument(), { exact: true, value: new Fraction(1).div(degree) });
      }
      // \frac34 is 3/4: a two-digit literal right after \frac splits into its digits.
      const next = this.peek();
      if (next?.kind === "num" && /^\d\d$/.test(next.text)) {
        this.i++;
        return binary(
          "/",
          { exact: true, value: new Fraction(Number(next.text[0])) },
          {
            exact: true,
            value: new Fraction(Number(next.text[1])),
          },
        );
      }
      const numerator = this.argument();
      return binary("/", numerator, this.argument());
    }
    throw UNSUPPORTED;
  }
}

/** Evaluates a token list; throws {@link Unsupported} when it is not a closed arithmetic expression. */
export function evaluateTokens(tokens: Token[]): Value {
  return new Parser(tokens).parseAll();
}

/** A float for messages and tolerance checks. */
export function valueToNumber(v: Value): number {
  return toNumber(v);
}

/** Exact display (`3/4`, `24`), or the float for approximate values. */
export function formatValue(v: Value): string {
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
