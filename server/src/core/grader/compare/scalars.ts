// Numbers and expressions: exact rationals first, then the decimal precision rule, then
// high-precision evaluation of closed forms, then sampling when variables are free.
import { LimitExceeded, NotExact } from "../bounds";
import { type Big, evalBig, evalFloat } from "../evaluate";
import { type Expr, printExpr } from "../expr";
import * as Q from "../../numbers/rational";
import type { Value } from "../values";
import { type Decision, no, undecided, yes } from "./decision";
import { doublesCanDecide, PRECISE_RELATIVE } from "../../numbers/magnitude";
import { close, MIN_VALID_POINTS, sample } from "./sampling";

type Scalar = Extract<Value, { kind: "number" | "expression" }>;

/** A decimal must carry this many significant digits to equal an inexact value. */
export const MIN_SIGNIFICANT = 6;

function literal(e: Expr): { digits: number; decimals: number; value: Q.Rational; text: string } {
  const neg = e.t === "neg";
  const n = (neg ? (e as { a: Expr }).a : e) as Extract<Expr, { t: "num" }>;
  const digits = n.text
    .replace(/[eE].*$/, "")
    .replace(".", "")
    .replace(/^0+/, "").length;
  return { digits, decimals: n.decimals, value: neg ? Q.neg(n.v) : n.v, text: (neg ? "-" : "") + n.text };
}

function bigOf(e: Expr): Big | null {
  try {
    return evalBig(e);
  } catch (error) {
    if (error instanceof NotExact || error instanceof LimitExceeded) return null;
    throw error;
  }
}

/** `0.0833333` vs 1/12: equal when it matches to its own last digit and has enough digits. */
function decimalRule(dec: Scalar, other: Scalar): Decision {
  const lit = literal(dec.expr);
  const show = printExpr(other.expr);
  const big = bigOf(other.expr);
  // A closed form whose 40-digit value IS the decimal (sqrt(5)·0 vs 0.0) needs no digit count.
  if (big?.minus(lit.text).isZero()) return yes("high-precision", `${show} equals ${lit.text} exactly`);
  if (lit.digits < MIN_SIGNIFICANT) {
    return no(
      "decimal-precision",
      `${lit.text} has ${lit.digits} significant digits; a rounded decimal needs ${MIN_SIGNIFICANT} to equal ${show}`,
    );
  }
  // value − decimal: within half a unit of the last digit (rounded) or, on the side of zero, within
  // one unit (truncated). 0.142858 is neither for 1/7 = 0.1428571...
  const unit = 10 ** -lit.decimals;
  const value = big ? big.toNumber() : evalFloat(other.expr);
  const diff = big ? big.minus(lit.text).toNumber() : value - Q.toNumber(lit.value);
  const rounded = Math.abs(diff) <= unit * (0.5 + 1e-9);
  const truncated = Math.abs(diff) < unit && Math.sign(diff) === Math.sign(value);
  return rounded || truncated
    ? yes(
        "decimal-precision",
        `${lit.text} is ${show} ${rounded ? "rounded" : "truncated"} to ${lit.decimals} decimals (${lit.digits} significant digits)`,
      )
    : no(
        "decimal-precision",
        `${lit.text} differs from ${show} by ${Math.abs(diff).toPrecision(3)}: not its rounding or truncation`,
      );
}

function closedForms(g: Scalar, p: Scalar): Decision {
  const a = evalFloat(g.expr);
  const b = evalFloat(p.expr);
  const gs = printExpr(g.expr);
  const ps = printExpr(p.expr);
  if (Number.isNaN(a) || Number.isNaN(b))
    return undecided("undefined", `${Number.isNaN(a) ? gs : ps} has no real value`);
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    const infA = isInf(g.expr);
    const infB = isInf(p.expr);
    if (infA && infB)
      return a === b
        ? yes("infinity", `both are ${a > 0 ? "+" : "-"}infinity`)
        : no("infinity", "infinities of opposite sign");
    if (infA !== infB && (infA || infB) && Number.isFinite(infA ? b : a))
      return no("infinity", "infinity against a finite value");
    // An overflowing closed form exceeds every double, so it differs from any finite value.
    if (Number.isFinite(a) || Number.isFinite(b)) {
      return no(
        "magnitude",
        `${Number.isFinite(a) ? ps : gs} overflows double precision; the other side is finite`,
      );
    }
    const ga = bigOf(g.expr);
    const pb = bigOf(p.expr);
    // Beyond double range 40 digits can show a difference but never prove equality (2^(2^20) + 1).
    if (ga && pb && !ga.eq(pb))
      return no("high-precision", `${gs} and ${ps} differ in their first 40 digits`);
    if (ga && pb) {
      return undecided(
        "too-large",
        `${gs} and ${ps} agree to 40 digits but are too large to compare exactly`,
      );
    }
    return undecided(
      "too-large",
      `${!Number.isFinite(a) ? gs : ps} is too large to evaluate within the bounds`,
    );
  }
  if (!close(a, b)) return no("numeric", `${gs} ≈ ${a.toPrecision(12)} but ${ps} ≈ ${b.toPrecision(12)}`);
  const ga = bigOf(g.expr);
  const pb = bigOf(p.expr);
  if (!ga || !pb) {
    // Doubles decide only values they represent: two forms that underflow (1/3001!, 1/3003!) both
    // read 0 and prove nothing. Unsure is not wrong, and not right either.
    if (!doublesCanDecide(a, b) || (a === 0 && b === 0)) {
      return undecided(
        "too-small",
        `${gs} and ${ps} are below double precision and have no high-precision form: not compared`,
      );
    }
    return yes("numeric", `${gs} and ${ps} agree to 1e-9 relatively (no high-precision form)`);
  }
  // Relative, never absolute (core/numbers/magnitude.ts): 1/3001! and 1/3003! are both 0 as
  // doubles and agree to 1e-9 absolutely, yet differ by a factor of nine million. Only a side that
  // is zero gets an absolute floor (sin π evaluates to a 40-digit residue, not to 0).
  const diff = ga.minus(pb).abs();
  const scale = ga.abs().gt(pb.abs()) ? ga.abs() : pb.abs();
  const zeroSide = ga.isZero() || pb.isZero();
  const agree = zeroSide ? diff.lte(PRECISE_RELATIVE) : diff.lte(scale.times(PRECISE_RELATIVE));
  return agree
    ? yes("high-precision", `${gs} and ${ps} agree to 30 significant digits`)
    : no(
        "high-precision",
        `${gs} and ${ps} differ at 40-digit precision (relative difference ${zeroSide ? "vs 0" : diff.div(scale).toSignificantDigits(3).toString()})`,
      );
}

function isInf(e: Expr): boolean {
  const x = e.t === "neg" ? e.a : e;
  return x.t === "const" && x.name === "inf";
}

/**
 * A number against an expression with variables: unequal, unless the variables cancel
 * (`\sin^2 x + \cos^2 x` vs 1, `x - x` vs 0), which sampling shows as the same value everywhere.
 */
function constantExpression(g: Scalar, p: Scalar): Decision {
  const withVars = (g.kind === "expression" ? g : p) as Extract<Scalar, { kind: "expression" }>;
  const constant = g.kind === "expression" ? p : g;
  const value = evalFloat(constant.expr);
  const names = withVars.vars.join(", ");
  if (!Number.isFinite(value)) return no("free-variables", `only one side has variables (${names})`);
  const result = sample(withVars.expr, constant.expr, withVars.vars);
  if (result.mismatch !== null || result.valid < MIN_VALID_POINTS) {
    return no("free-variables", `only one side has variables (${names})`);
  }
  return yes(
    "sampling",
    `${printExpr(withVars.expr)} does not depend on ${names}: it is ${printExpr(constant.expr)} at ${result.valid} sample points`,
  );
}

/** Spelled-out units and their symbols: "12 cm" and "12 centimeters" name one unit. */
const UNIT_SYMBOLS: Record<string, string> = {
  millimeter: "mm",
  centimeter: "cm",
  meter: "m",
  metre: "m",
  kilometer: "km",
  milligram: "mg",
  gram: "g",
  kilogram: "kg",
  second: "s",
  sec: "s",
  minute: "min",
  hour: "h",
  hr: "h",
  foot: "ft",
  feet: "ft",
  inch: "in",
  inche: "in",
  mile: "mi",
  liter: "l",
  litre: "l",
  milliliter: "ml",
  pound: "lb",
  degree: "deg",
};

/** A unit word in its singular, lower-case symbol: "Dollars", "dollar"; "cm", "centimeters". */
const unitKey = (unit: string): string =>
  unit
    .toLowerCase()
    .split(" ")
    .map((w) => {
      const single = w.length > 3 ? w.replace(/s$/, "") : w;
      return UNIT_SYMBOLS[single] ?? single;
    })
    .join(" ");

export function compareScalars(g: Scalar, p: Scalar): Decision {
  if (g.kind === "number" && p.kind === "number") {
    // Units are dropped, never converted: two different units cannot be compared by their numbers
    // (`1 km` vs `1000 m`). One side without a unit compares by number.
    if (g.unit && p.unit && unitKey(g.unit) !== unitKey(p.unit)) {
      return undecided("units", `different units (${g.unit} vs ${p.unit}); units are not converted`);
    }
    if (g.exact && p.exact && Q.eq(g.exact, p.exact)) {
      return yes("exact-rational", `both equal ${Q.format(g.exact)} exactly`);
    }
    if (g.decimal !== p.decimal) return g.decimal ? decimalRule(g, p) : decimalRule(p, g);
    if (g.exact && p.exact) {
      return no("exact-rational", `${Q.format(g.exact)} ≠ ${Q.format(p.exact)} (rationals compare exactly)`);
    }
    return closedForms(g, p);
  }
  if (g.kind !== p.kind) return constantExpression(g, p);
  const gv = (g as { vars: string[] }).vars;
  const pv = (p as { vars: string[] }).vars;
  if (gv.join(",") !== pv.join(",")) {
    return no("free-variables", `free variables differ: {${gv.join(", ")}} vs {${pv.join(", ")}}`);
  }
  const gs = printExpr(g.expr);
  const ps = printExpr(p.expr);
  if (gs === ps) return yes("identical", `both read as ${gs}`);
  const result = sample(g.expr, p.expr, gv);
  if (result.mismatch) return no("sampling", `${gs} vs ${ps}: ${result.mismatch}`);
  if (result.valid < MIN_VALID_POINTS)
    return undecided("sampling", `${gs} vs ${ps}: defined at only ${result.valid} sample points`);
  return yes("sampling", `${gs} and ${ps} agree at ${result.valid} sample points`);
}
