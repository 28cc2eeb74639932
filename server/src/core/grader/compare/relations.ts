// Equations and inequalities. Two relations are equal when their side differences are
// proportional (positively for inequalities, so direction and strictness must match).
import { type Expr, freeVars, printExpr } from "../expr";
import { type RelOp, type Value, assignment } from "../values";
import { type Decision, no, undecided, yes } from "./decision";
import { MIN_VALID_POINTS, proportional } from "./sampling";

type Relation = Extract<Value, { kind: "relation" }>;

const NEG_INF: Value = {
  kind: "number",
  expr: { t: "neg", a: { t: "const", name: "inf" } },
  exact: null,
  decimal: false,
};
const POS_INF: Value = { kind: "number", expr: { t: "const", name: "inf" }, exact: null, decimal: false };

function closedValue(e: Expr): Value | null {
  if (freeVars(e).size > 0) return null;
  return { kind: "number", expr: e, exact: null, decimal: false };
}

/**
 * The interval an inequality in one variable describes (`x > 3` is (3, ∞), `1 < x <= 2` is (1, 2]).
 * We accept an inequality as equal to that interval: they denote the same set of reals.
 */
export function relationAsInterval(r: Relation): Value | null {
  if (r.ops.some((op) => op === "=" || op === "!=")) return null;
  const abs = absoluteValueSets(r);
  if (abs) return abs;
  // The side with the unknown may be any expression (`0 < f(x) < 1`); the others are constants.
  const varAt = r.sides.findIndex((s) => freeVars(s).size > 0);
  if (varAt < 0 || r.sides.some((s, i) => i !== varAt && freeVars(s).size > 0)) return null;
  const strict = (i: number): boolean => r.ops[i] === "<";
  if (r.sides.length === 2) {
    const other = closedValue(r.sides[1 - varAt]);
    if (!other) return null;
    return varAt === 0
      ? { kind: "interval", lo: NEG_INF, hi: other, loClosed: false, hiClosed: !strict(0) }
      : { kind: "interval", lo: other, hi: POS_INF, loClosed: !strict(0), hiClosed: false };
  }
  if (r.sides.length === 3 && varAt === 1) {
    const lo = closedValue(r.sides[0]);
    const hi = closedValue(r.sides[2]);
    if (!lo || !hi) return null;
    return { kind: "interval", lo, hi, loClosed: !strict(0), hiClosed: !strict(1) };
  }
  return null;
}

const negate = (v: Value): Value => ({
  kind: "number",
  expr: { t: "neg", a: (v as { expr: Expr }).expr },
  exact: null,
  decimal: false,
});

/**
 * `|x| < a`, `|x| \ge a`, `a \le |x| \le b` (one variable inside the bars, constant bounds): the
 * interval or union of intervals it denotes, so it compares with `(-a, a)` or
 * `[-b, -a] \cup [a, b]`. Null for any other shape.
 */
function absoluteValueSets(r: Relation): Value | null {
  const at = r.sides.findIndex((s) => s.t === "fn" && s.name === "abs" && s.args[0]?.t === "var");
  if (at < 0 || r.sides.some((s, i) => i !== at && freeVars(s).size > 0)) return null;
  const strict = (i: number): boolean => r.ops[i] === "<";
  if (r.sides.length === 2) {
    const bound = closedValue(r.sides[1 - at]);
    if (!bound) return null;
    // at 0: |x| < a (inside); at 1: a < |x| (outside).
    if (at === 0)
      return { kind: "interval", lo: negate(bound), hi: bound, loClosed: !strict(0), hiClosed: !strict(0) };
    return {
      kind: "union",
      parts: [
        { kind: "interval", lo: NEG_INF, hi: negate(bound), loClosed: false, hiClosed: !strict(0) },
        { kind: "interval", lo: bound, hi: POS_INF, loClosed: !strict(0), hiClosed: false },
      ],
    };
  }
  if (r.sides.length === 3 && at === 1) {
    const lo = closedValue(r.sides[0]);
    const hi = closedValue(r.sides[2]);
    if (!lo || !hi) return null;
    return {
      kind: "union",
      parts: [
        { kind: "interval", lo: negate(hi), hi: negate(lo), loClosed: !strict(1), hiClosed: !strict(0) },
        { kind: "interval", lo, hi, loClosed: !strict(0), hiClosed: !strict(1) },
      ],
    };
  }
  return null;
}
const difference = (r: Relation): Expr => ({ t: "sub", a: r.sides[0], b: r.sides[1] });

function describeOps(ops: RelOp[]): string {
  return ops.join(" ");
}

/** Compares two relations; `scalars` compares two closed sides (for assignments and chains). */
export function compareRelations(
  g: Relation,
  p: Relation,
  values: (a: Value, b: Value) => Decision,
): Decision {
  const ga = assignment(g);
  const pa = assignment(p);
  if (ga && pa && freeVars(ga.value).size === 0 && freeVars(pa.value).size === 0) {
    const d = values(closedValue(ga.value)!, closedValue(pa.value)!);
    // `x = 5` against `z = 5`: the right value for another unknown may answer another question
    // (or be the same unknown renamed). A wrong value is wrong whatever its name; a right value
    // under another name is not decided (docs/grader.md, "names").
    if (ga.name !== pa.name && d.equal && d.gradable !== false) {
      return undecided("names", `${ga.name} = … vs ${pa.name} = …: same value for different unknowns`);
    }
    return { ...d, reason: `${ga.name} = … vs ${pa.name} = …: ${d.reason}` };
  }
  if (g.ops.join() !== p.ops.join()) {
    return no(
      "relation",
      `relations differ: ${describeOps(g.ops)} vs ${describeOps(p.ops)} (after writing > as a flipped <)`,
    );
  }
  if (g.sides.length !== 2) {
    // Chains (a < x < b) compare side by side.
    for (let i = 0; i < g.sides.length; i++) {
      const gv = g.sides[i];
      const pv = p.sides[i];
      if (printExpr(gv) === printExpr(pv)) continue;
      const d = values(asScalar(gv), asScalar(pv));
      if (!d.equal) return no("relation", `side ${i + 1} differs: ${d.reason}`);
    }
    return yes("relation", "every side of the chain matches");
  }
  const gd = difference(g);
  const pd = difference(p);
  const gv = [...freeVars(gd)].sort();
  const pv = [...freeVars(pd)].sort();
  if (gv.join() !== pv.join())
    return no("free-variables", `free variables differ: {${gv.join(", ")}} vs {${pv.join(", ")}}`);
  if (gv.length === 0) {
    return undecided("relation", "a relation between constants is a statement, not an answer");
  }
  const inequality = g.ops[0] === "<" || g.ops[0] === "<=";
  const r = proportional(gd, pd, gv, inequality);
  if (r.valid < MIN_VALID_POINTS && r.ok)
    return undecided("relation", "too few points where both relations are defined");
  return r.ok
    ? yes(
        "relation",
        `left − right sides are proportional${inequality ? " with a positive factor" : ""}: the same ${inequality ? "inequality" : "equation"}`,
      )
    : no(
        "relation",
        `left − right sides are not ${inequality ? "positively " : ""}proportional: different ${inequality ? "inequalities" : "equations"}`,
      );
}

function asScalar(e: Expr): Value {
  const vars = [...freeVars(e)].sort();
  return vars.length > 0
    ? { kind: "expression", expr: e, vars }
    : { kind: "number", expr: e, exact: null, decimal: false };
}
