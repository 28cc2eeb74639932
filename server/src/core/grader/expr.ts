// The expression tree our LaTeX translator produces, and its printer in mathjs syntax (the
// `normalized` text of a verdict can be pasted into mathjs).
import { type Rational, format } from "../numbers/rational";

export type FnName =
  | "sqrt"
  | "nthRoot"
  | "ln"
  | "log10"
  | "logb"
  | "exp"
  | "abs"
  | "factorial"
  | "binom"
  | "sin"
  | "cos"
  | "tan"
  | "sec"
  | "csc"
  | "cot"
  | "asin"
  | "acos"
  | "atan"
  | "sinh"
  | "cosh"
  | "tanh";

export type Expr =
  /**
   * A literal as written. `decimals` is the position of its last written digit after the point
   * (0 for integers; negative for 1.2e+10, whose last digit is in the hundred-millions).
   */
  | { t: "num"; v: Rational; decimals: number; text: string }
  | { t: "const"; name: "pi" | "e" | "inf" }
  | { t: "var"; name: string }
  | { t: "neg"; a: Expr }
  | { t: "add" | "sub" | "mul" | "div" | "pow"; a: Expr; b: Expr }
  | { t: "fn"; name: FnName; args: Expr[] };

/** Written with a decimal point or an exponent, i.e. possibly rounded. */
export const isWrittenDecimal = (e: Extract<Expr, { t: "num" }>): boolean => /[.eE]/.test(e.text);

const PREC = { add: 1, sub: 1, mul: 2, div: 2, neg: 3, pow: 4 } as const;
const MATHJS_FN: Record<FnName, string> = {
  sqrt: "sqrt",
  nthRoot: "nthRoot",
  ln: "log",
  log10: "log10",
  logb: "log",
  exp: "exp",
  abs: "abs",
  factorial: "factorial",
  binom: "combinations",
  sin: "sin",
  cos: "cos",
  tan: "tan",
  sec: "sec",
  csc: "csc",
  cot: "cot",
  asin: "asin",
  acos: "acos",
  atan: "atan",
  sinh: "sinh",
  cosh: "cosh",
  tanh: "tanh",
};

function prec(e: Expr): number {
  if (e.t === "num") return e.v.n < 0n ? PREC.neg : 5;
  return e.t in PREC ? PREC[e.t as keyof typeof PREC] : 5;
}

/** Prints in mathjs syntax with only the parentheses precedence needs. */
export function printExpr(e: Expr): string {
  switch (e.t) {
    case "num":
      return isWrittenDecimal(e) ? e.text : format(e.v);
    case "const":
      return e.name === "inf" ? "Infinity" : e.name;
    case "var":
      return e.name;
    case "neg":
      return `-${wrap(e.a, prec(e.a) < PREC.pow)}`;
    case "fn":
      return `${MATHJS_FN[e.name]}(${e.args.map(printExpr).join(", ")})`;
    default: {
      const p = PREC[e.t];
      const op = { add: " + ", sub: " - ", mul: " * ", div: " / ", pow: "^" }[e.t];
      const left = wrap(e.a, e.t === "pow" ? prec(e.a) <= p : prec(e.a) < p);
      const right = wrap(
        e.b,
        e.t === "pow"
          ? prec(e.b) < p
          : prec(e.b) <= p && e.t !== "add" && e.t !== "mul"
            ? true
            : prec(e.b) < p,
      );
      return `${left}${op}${right}`;
    }
  }
}

function wrap(e: Expr, paren: boolean): string {
  const s = printExpr(e);
  return paren || (e.t === "num" && e.v.d !== 1n && !isWrittenDecimal(e)) ? `(${s})` : s;
}

/** Sorted names of the free variables. */
export function freeVars(e: Expr, out: Set<string> = new Set()): Set<string> {
  if (e.t === "var") out.add(e.name);
  else if (e.t === "neg") freeVars(e.a, out);
  else if (e.t === "fn") for (const a of e.args) freeVars(a, out);
  else if (e.t !== "num" && e.t !== "const") {
    freeVars(e.a, out);
    freeVars(e.b, out);
  }
  return out;
}
