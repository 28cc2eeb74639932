// A small LaTeX (and plain-text) math translator: tokens -> precedence-climbing parser -> Expr.
// It reads only what answers contain (fractions, roots, powers, functions, constants, implicit
// products); anything else is a ParseError and the answer is compared as text.
import { LimitExceeded, MAX_DEPTH, MAX_LITERAL_DIGITS, MAX_NODES } from "./bounds";
import type { Expr, FnName } from "./expr";
import { parseDecimal } from "../numbers/rational";

export class ParseError extends Error {}

type Token =
  { k: "num"; s: string } | { k: "id"; s: string } | { k: "cmd"; s: string } | { k: "op"; s: string };

const GREEK =
  "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Sigma Phi Psi Omega".split(
    " ",
  );
const FUNCTIONS: Record<string, FnName> = {
  sin: "sin",
  cos: "cos",
  tan: "tan",
  sec: "sec",
  csc: "csc",
  cot: "cot",
  arcsin: "asin",
  arccos: "acos",
  arctan: "atan",
  sinh: "sinh",
  cosh: "cosh",
  tanh: "tanh",
  ln: "ln",
  log: "log10",
  exp: "exp",
  abs: "abs",
  sqrt: "sqrt",
};
/** Words recognised inside a run of plain letters ("sqrt2", "2pi"); other runs split into letters. */
const WORDS = [
  "arcsin",
  "arccos",
  "arctan",
  "sinh",
  "cosh",
  "tanh",
  "sqrt",
  "sin",
  "cos",
  "tan",
  "sec",
  "csc",
  "cot",
  "exp",
  "abs",
  "log",
  "ln",
  "pi",
];

/** Sticky, so runs are matched in place instead of on a fresh slice of the rest of the input. */
const LETTERS = /[a-zA-Z]+/y;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\n") {
      i++;
    } else if (/[0-9.]/.test(c)) {
      // Scientific notation only where it cannot be a product with e: 1.5e6, 2e-3, 3E+8.
      const m = /^(?:(?:\d+\.\d+|\.\d+)(?:[eE][+-]?\d{1,4})?|\d+[eE][+-]\d{1,4}|\d+)(?![\d])/.exec(
        src.slice(i, i + MAX_LITERAL_DIGITS + 8),
      );
      if (!m) throw new ParseError(`unexpected '${c}'`);
      if (m[0].length > MAX_LITERAL_DIGITS)
        throw new LimitExceeded(`a number has over ${MAX_LITERAL_DIGITS} digits`);
      tokens.push({ k: "num", s: m[0] });
      i += m[0].length;
    } else if (c === "\\") {
      const m = /^\\([a-zA-Z]+|.)/.exec(src.slice(i, i + 40));
      if (!m) throw new ParseError("dangling backslash");
      const name = m[1];
      if (name === "{" || name === "}") tokens.push({ k: "op", s: name === "{" ? "(" : ")" });
      else tokens.push({ k: "cmd", s: name });
      i += m[0].length;
    } else if (/[a-zA-Z]/.test(c)) {
      LETTERS.lastIndex = i;
      const run = LETTERS.exec(src)![0];
      for (let j = 0; j < run.length;) {
        const word = WORDS.find((w) => run.startsWith(w, j));
        if (word) {
          tokens.push(word === "pi" ? { k: "cmd", s: "pi" } : { k: "cmd", s: word });
          j += word.length;
        } else tokens.push({ k: "id", s: run[j++] });
      }
      i += run.length;
    } else if (c === "*" && src[i + 1] === "*") {
      tokens.push({ k: "op", s: "^" });
      i += 2;
    } else if ("+-*/^_()[]{}!|".includes(c)) {
      tokens.push({ k: "op", s: c });
      i++;
    } else {
      throw new ParseError(`unexpected '${c}'`);
    }
  }
  return tokens;
}

const num = (s: string): Expr => {
  const v = parseDecimal(s);
  if (!v) throw new ParseError(`bad number '${s}'`);
  const [mantissa = s, exponent = "0"] = s.split(/[eE]/);
  const point = mantissa.indexOf(".");
  const decimals = (point < 0 ? 0 : mantissa.length - point - 1) - Number(exponent);
  return { t: "num", v, decimals, text: s };
};

class Parser {
  private pos = 0;
  private depth = 0;
  private nodes = 0;
  private absOpen = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const e = this.expr();
    if (this.pos < this.tokens.length) throw new ParseError(`unexpected '${this.tokens[this.pos].s}'`);
    return e;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private isOp(s: string): boolean {
    const t = this.tokens[this.pos];
    return t !== undefined && t.k === "op" && t.s === s;
  }
  private expect(s: string): void {
    if (!this.isOp(s)) throw new ParseError(`expected '${s}'`);
    this.pos++;
  }
  private node<T extends Expr>(e: T): T {
    if (++this.nodes > MAX_NODES) throw new LimitExceeded(`expression has over ${MAX_NODES} nodes`);
    return e;
  }
  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new LimitExceeded(`expression nesting exceeds ${MAX_DEPTH}`);
  }

  private expr(): Expr {
    this.enter();
    let left = this.term();
    for (;;) {
      if (this.isOp("+")) {
        this.pos++;
        left = this.node({ t: "add", a: left, b: this.term() });
      } else if (this.isOp("-")) {
        this.pos++;
        left = this.node({ t: "sub", a: left, b: this.term() });
      } else break;
    }
    this.depth--;
    return left;
  }

  /** Products, quotients and implicit products, left to right at one precedence. */
  private term(): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t === undefined) break;
      if (t.k === "op" && t.s === "*") {
        this.pos++;
        left = this.node({ t: "mul", a: left, b: this.unary() });
      } else if (t.k === "op" && t.s === "/") {
        this.pos++;
        left = this.node({ t: "div", a: left, b: this.unary() });
      } else if (t.k === "cmd" && (t.s === "cdot" || t.s === "times" || t.s === "ast")) {
        this.pos++;
        left = this.node({ t: "mul", a: left, b: this.unary() });
      } else if (t.k === "cmd" && t.s === "div") {
        this.pos++;
        left = this.node({ t: "div", a: left, b: this.unary() });
      } else if (this.startsFactor(t)) {
        left = this.node({ t: "mul", a: left, b: this.power() });
      } else break;
    }
    return left;
  }

  private startsFactor(t: Token): boolean {
    if (t.k === "num" || t.k === "id") return true;
    if (t.k === "cmd") return !["cdot", "times", "ast", "div"].includes(t.s);
    return t.s === "(" || t.s === "[" || t.s === "{" || (t.s === "|" && this.absOpen === 0);
  }

  private unary(): Expr {
    if (this.isOp("-")) {
      this.pos++;
      this.enter();
      const a = this.unary();
      this.depth--;
      return this.node({ t: "neg", a });
    }
    if (this.isOp("+")) {
      this.pos++;
      return this.unary();
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.postfix();
    if (!this.isOp("^")) return base;
    this.pos++;
    this.enter();
    const exponent = this.isOp("-") || this.isOp("+") ? this.unary() : this.power();
    this.depth--;
    return this.node({ t: "pow", a: base, b: exponent });
  }

  private postfix(): Expr {
    let e = this.primary();
    while (this.isOp("!")) {
      this.pos++;
      e = this.node({ t: "fn", name: "factorial", args: [e] });
    }
    return e;
  }

  private group(close: string): Expr {
    const e = this.expr();
    this.expect(close);
    return e;
  }

  /** One LaTeX macro argument: a braced group, or a single character / token (`\frac12`). */
  private arg(): Expr {
    const t = this.peek();
    if (t === undefined) throw new ParseError("missing argument");
    if (t.k === "op" && t.s === "{") {
      this.pos++;
      this.enter();
      const e = this.group("}");
      this.depth--;
      return e;
    }
    if (t.k === "num" && t.s.length > 1) {
      // LaTeX takes one character: `\frac12` is 1/2; the rest stays for the next argument.
      this.tokens[this.pos] = { k: "num", s: t.s.slice(1) };
      return num(t.s[0]);
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    if (t === undefined) throw new ParseError("unexpected end");
    this.pos++;
    if (t.k === "num") return this.node(num(t.s));
    if (t.k === "id") return this.subscripted(t.s);
    if (t.k === "op") {
      if (t.s === "(" || t.s === "[" || t.s === "{") {
        this.enter();
        const e = this.group(t.s === "(" ? ")" : t.s === "[" ? "]" : "}");
        this.depth--;
        return e;
      }
      if (t.s === "|") {
        this.absOpen++;
        this.enter();
        const e = this.expr();
        this.depth--;
        this.absOpen--;
        this.expect("|");
        return this.node({ t: "fn", name: "abs", args: [e] });
      }
      throw new ParseError(`unexpected '${t.s}'`);
    }
    return this.command(t.s);
  }

  private subscripted(name: string): Expr {
    if (!this.isOp("_")) return this.node(name === "e" ? { t: "const", name: "e" } : { t: "var", name });
    this.pos++;
    const t = this.peek();
    let sub: string;
    if (t?.k === "op" && t.s === "{") {
      const parts: string[] = [];
      this.pos++;
      while (this.peek() && !this.isOp("}")) parts.push(this.tokens[this.pos++].s);
      this.expect("}");
      sub = parts.join("");
    } else if (t && t.k !== "op") {
      sub = t.k === "num" ? t.s[0] : t.s;
      if (t.k === "num" && t.s.length > 1) this.tokens[this.pos] = { k: "num", s: t.s.slice(1) };
      else this.pos++;
    } else throw new ParseError("bad subscript");
    return this.node({ t: "var", name: `${name}_${sub}` });
  }

  private command(name: string): Expr {
    switch (name) {
      case "frac": {
        this.enter();
        const a = this.arg();
        const b = this.arg();
        this.depth--;
        return this.node({ t: "div", a, b });
      }
      case "binom": {
        const a = this.arg();
        const b = this.arg();
        return this.node({ t: "fn", name: "binom", args: [a, b] });
      }
      case "sqrt": {
        if (this.isOp("[")) {
          this.pos++;
          const n = this.group("]");
          const a = this.arg();
          return this.node({ t: "fn", name: "nthRoot", args: [a, n] });
        }
        return this.node({ t: "fn", name: "sqrt", args: [this.isOp("(") ? this.primary() : this.arg()] });
      }
      case "pi":
        return this.node({ t: "const", name: "pi" });
      case "infty":
      case "infin":
        return this.node({ t: "const", name: "inf" });
      case "log":
        return this.func("log10");
      default: {
        const fn = FUNCTIONS[name];
        if (fn) return this.func(fn);
        if (GREEK.includes(name)) return this.subscripted(name);
        throw new ParseError(`unsupported command \\${name}`);
      }
    }
  }

  /** `\sin x`, `\sin^2 x`, `\log_2 8`, `\ln(x+1)`. */
  private func(name: FnName): Expr {
    let base: Expr | null = null;
    if (this.isOp("_")) {
      this.pos++;
      base = this.arg();
    }
    let exponent: Expr | null = null;
    if (this.isOp("^")) {
      this.pos++;
      exponent = this.arg();
    }
    this.enter();
    let a: Expr;
    if (this.isOp("(")) {
      a = this.primary();
    } else {
      // Without parentheses the argument is the following implicit product: `\sin 2x`.
      a = this.power();
      for (let t = this.peek(); t && (t.k === "num" || t.k === "id"); t = this.peek()) {
        a = this.node({ t: "mul", a, b: this.power() });
      }
    }
    this.depth--;
    const call: Expr = base
      ? this.node({ t: "fn", name: "logb", args: [a, base] })
      : this.node({ t: "fn", name, args: [a] });
    return exponent ? this.node({ t: "pow", a: call, b: exponent }) : call;
  }
}

/** Parses one scalar math expression; throws ParseError (not math) or LimitExceeded (too big). */
export function parseMath(src: string): Expr {
  return new Parser(tokenize(src)).parse();
}
