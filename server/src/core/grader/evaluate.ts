// Three evaluators over Expr: exact rationals (bigint), doubles (for sampling), and mathjs
// BigNumbers at 40 digits (to confirm closed forms that doubles cannot tell apart).
import { type BigNumber, bignumberDependencies, create } from "mathjs";
import { LimitExceeded, MAX_EXACT_FACTORIAL, NOT_EXACT } from "./bounds";
import type { Expr } from "./expr";
import * as Q from "../numbers/rational";

const EXACT_FNS = new Set(["sqrt", "nthRoot", "abs", "factorial", "binom", "log10", "logb"]);

/** False for trees with variables, π, e, ∞ or transcendental functions: evalExact would fail. */
export function mayBeRational(e: Expr): boolean {
  switch (e.t) {
    case "num":
      return true;
    case "const":
    case "var":
      return false;
    case "neg":
      return mayBeRational(e.a);
    case "fn":
      return EXACT_FNS.has(e.name) && e.args.every(mayBeRational);
    default:
      return mayBeRational(e.a) && mayBeRational(e.b);
  }
}

/** Exact value, or NotExact when the expression is irrational, has variables or exceeds a bound. */
export function evalExact(e: Expr): Q.Rational {
  switch (e.t) {
    case "num":
      return e.v;
    case "neg":
      return Q.neg(evalExact(e.a));
    case "add":
      return Q.add(evalExact(e.a), evalExact(e.b));
    case "sub":
      return Q.sub(evalExact(e.a), evalExact(e.b));
    case "mul":
      return Q.mul(evalExact(e.a), evalExact(e.b));
    case "div":
      return Q.div(evalExact(e.a), evalExact(e.b));
    case "pow": {
      const base = evalExact(e.a);
      const k = evalExact(e.b);
      const r = Q.powRational(base, k);
      if (!r) throw NOT_EXACT;
      return r;
    }
    case "fn":
      return exactFn(e);
    default:
      throw NOT_EXACT;
  }
}

function exactFn(e: Extract<Expr, { t: "fn" }>): Q.Rational {
  const args = e.args.map(evalExact);
  const [a, b] = args as [Q.Rational, Q.Rational | undefined];
  switch (e.name) {
    case "sqrt":
    case "nthRoot": {
      const k = b ?? Q.rat(2n);
      if (k.d !== 1n || k.n < 1n || k.n > 64n) throw NOT_EXACT;
      const r = Q.rootExact(a, Number(k.n));
      if (!r) throw NOT_EXACT;
      return r;
    }
    case "abs":
      return a.n < 0n ? Q.neg(a) : a;
    case "factorial":
      return Q.factorial(a, MAX_EXACT_FACTORIAL);
    case "binom": {
      if (!b || a.d !== 1n || b.d !== 1n || b.n < 0n) throw NOT_EXACT;
      if (b.n > a.n && a.n >= 0n) return Q.ZERO;
      if (b.n > BigInt(MAX_EXACT_FACTORIAL)) throw NOT_EXACT;
      let r = 1n;
      for (let i = 0n; i < b.n; i++) r = (r * (a.n - i)) / (i + 1n);
      return Q.rat(r);
    }
    case "log10":
    case "logb": {
      // Exact only for integer results: log_2 8 = 3.
      const base = e.name === "log10" ? Q.rat(10n) : b!;
      if (base.d !== 1n || a.d !== 1n || base.n < 2n || a.n < 1n) throw NOT_EXACT;
      let k = 0n;
      let x = a.n;
      while (x % base.n === 0n) {
        x /= base.n;
        k++;
      }
      if (x === 1n) return Q.rat(k);
      throw NOT_EXACT;
    }
    default:
      throw NOT_EXACT;
  }
}

const FACT = (() => {
  const t = [1];
  for (let i = 1; i <= 170; i++) t.push(t[i - 1] * i);
  return t;
})();

/** Double-precision value with variables from `env`; NaN for undefined points. */
export function evalFloat(e: Expr, env: Record<string, number> = {}): number {
  switch (e.t) {
    case "num":
      return Q.toNumber(e.v);
    case "const":
      return e.name === "pi" ? Math.PI : e.name === "e" ? Math.E : Infinity;
    case "var":
      return env[e.name] ?? NaN;
    case "neg":
      return -evalFloat(e.a, env);
    case "add":
      return evalFloat(e.a, env) + evalFloat(e.b, env);
    case "sub":
      return evalFloat(e.a, env) - evalFloat(e.b, env);
    case "mul":
      return evalFloat(e.a, env) * evalFloat(e.b, env);
    case "div":
      return evalFloat(e.a, env) / evalFloat(e.b, env);
    case "pow": {
      const base = evalFloat(e.a, env);
      const k = evalFloat(e.b, env);
      // Real odd roots of negatives, as a reader means them: (-8)^(1/3) = -2, (-8)^(2/3) = 4.
      if (
        base < 0 &&
        !Number.isInteger(k) &&
        e.b.t === "div" &&
        e.b.b.t === "num" &&
        Number(e.b.b.v.n) % 2 === 1
      ) {
        const p = e.b.a.t === "num" ? Number(e.b.a.v.n) : NaN;
        if (Number.isInteger(p)) return (p % 2 === 0 ? 1 : -1) * Math.pow(-base, k);
      }
      return Math.pow(base, k);
    }
    case "fn": {
      const x = evalFloat(e.args[0], env);
      const y = e.args[1] ? evalFloat(e.args[1], env) : NaN;
      switch (e.name) {
        case "sqrt":
          return Math.sqrt(x);
        case "nthRoot":
          return x < 0 && y % 2 === 1 ? -Math.pow(-x, 1 / y) : Math.pow(x, 1 / y);
        case "ln":
          return Math.log(x);
        case "log10":
          return Math.log10(x);
        case "logb":
          return Math.log(x) / Math.log(y);
        case "exp":
          return Math.exp(x);
        case "abs":
          return Math.abs(x);
        case "factorial":
          return Number.isInteger(x) && x >= 0 ? (x <= 170 ? FACT[x] : Infinity) : NaN;
        case "binom":
          return Number.isInteger(x) && Number.isInteger(y) && y >= 0 && x <= 170 && y <= 170
            ? y > x
              ? 0
              : Math.round(FACT[x] / (FACT[y] * FACT[x - y]))
            : NaN;
        case "sec":
          return 1 / Math.cos(x);
        case "csc":
          return 1 / Math.sin(x);
        case "cot":
          return 1 / Math.tan(x);
        default:
          return Math[e.name](x);
      }
    }
  }
}

/** 40-digit decimal arithmetic from mathjs (decimal.js underneath). */
const math = create({ bignumberDependencies }, { precision: 40 });
type Big = BigNumber;
const big = (x: number | string): Big => math.bignumber(x);
const PI = big(-1).acos();
const E = big(1).exp();

/** High-precision value of a closed form (no variables); throws NotExact where unsupported. */
export function evalBig(e: Expr): Big {
  switch (e.t) {
    case "num":
      return big(e.v.n.toString()).div(e.v.d.toString());
    case "const":
      if (e.name === "inf") throw NOT_EXACT;
      return e.name === "pi" ? PI : E;
    case "var":
      throw NOT_EXACT;
    case "neg":
      return evalBig(e.a).neg();
    case "add":
      return evalBig(e.a).plus(evalBig(e.b));
    case "sub":
      return evalBig(e.a).minus(evalBig(e.b));
    case "mul":
      return evalBig(e.a).times(evalBig(e.b));
    case "div":
      return evalBig(e.a).div(evalBig(e.b));
    case "pow": {
      const base = evalBig(e.a);
      const k = evalBig(e.b);
      // Bound the magnitude of the result before decimal.js computes it (a double estimate of
      // the decimal exponent is enough; a 40-digit logarithm here would cost more than the power).
      const digits = Math.abs(k.toNumber()) * Math.abs(Math.log10(Math.abs(base.toNumber())));
      if (!base.isZero() && !(digits <= 1e6)) {
        throw new LimitExceeded("exponent too large to evaluate");
      }
      return base.pow(k);
    }
    case "fn": {
      const x = evalBig(e.args[0]);
      switch (e.name) {
        case "sqrt":
          return x.sqrt();
        case "nthRoot": {
          const n = evalBig(e.args[1]);
          return x.isNeg() ? x.neg().pow(big(1).div(n)).neg() : x.pow(big(1).div(n));
        }
        case "ln":
          return x.ln();
        case "log10":
          return x.log(10);
        case "logb":
          return x.ln().div(evalBig(e.args[1]).ln());
        case "exp":
          if (x.abs().gt(1e6)) throw new LimitExceeded("exponent too large to evaluate");
          return x.exp();
        case "abs":
          return x.abs();
        case "sin":
          return x.sin();
        case "cos":
          return x.cos();
        case "tan":
          return x.tan();
        case "asin":
          return x.asin();
        case "acos":
          return x.acos();
        case "atan":
          return x.atan();
        default: {
          // factorial, binomials and the rest are exact integers or rarely matter: use exact.
          const q = evalExact(e);
          return big(q.n.toString()).div(q.d.toString());
        }
      }
    }
  }
}

export type { Big };
