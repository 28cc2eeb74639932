// Sets (unordered, no subset acceptance), tuples (ordered), intervals (bracket-sensitive),
// unions (order-free) and matrices (shape, then cells).
import * as Q from "../../numbers/rational";
import type { Value } from "../values";
import { type Decision, no, yes } from "./decision";

type Compare = (a: Value, b: Value) => Decision;

/** Bijection between two item lists, element-wise equivalence; exact numbers by sorted key. */
export function compareUnordered(g: Value[], p: Value[], values: Compare, what: string): Decision {
  const gu = dedupe(g);
  const pu = dedupe(p);
  if (gu.length !== pu.length) return no(what, `${what} sizes differ: ${gu.length} vs ${pu.length}`);
  const keys = (vs: Value[]): string[] | null =>
    vs.every((v) => v.kind === "number" && v.exact && !v.decimal)
      ? vs.map((v) => Q.format((v as { exact: Q.Rational }).exact)).sort()
      : null;
  const gk = keys(gu);
  const pk = keys(pu);
  if (gk && pk) {
    const missing = gk.find((k, i) => k !== pk[i]);
    return missing === undefined
      ? yes(what, `same ${gu.length} elements in any order`)
      : no(what, `element ${missing} has no match`);
  }
  const used = new Array<boolean>(pu.length).fill(false);
  for (const item of gu) {
    const j = pu.findIndex((c, k) => !used[k] && values(item, c).equal);
    if (j < 0) return no(what, `an element of the gold ${what} has no equal in the prediction`);
    used[j] = true;
  }
  return yes(what, `same ${gu.length} elements in any order`);
}

/**
 * Each value's duplicate key, kept with the value: parsed values are cached and shared (a gold
 * answer is compared with many responses), and JSON-serialising a value is the costly part.
 */
const duplicateKeys = new WeakMap<Value, string>();

function keyOf(v: Value): string {
  if (v.kind === "number" && v.exact) return Q.format(v.exact);
  let key = duplicateKeys.get(v);
  if (key === undefined) {
    key = JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
    duplicateKeys.set(v, key);
  }
  return key;
}

/** Drops exact duplicates (written the same or equal rationals): {1, 1, 2} is {1, 2}. */
function dedupe(items: Value[]): Value[] {
  if (items.length < 2) return items;
  const seen = new Set<string>();
  return items.filter((v) => {
    const key = keyOf(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function compareOrdered(g: Value[], p: Value[], values: Compare, what: string): Decision {
  if (g.length !== p.length) return no(what, `${what} lengths differ: ${g.length} vs ${p.length}`);
  for (let i = 0; i < g.length; i++) {
    const d = values(g[i], p[i]);
    if (!d.equal)
      return {
        ...d,
        equal: false,
        rule: d.gradable === false ? d.rule : what,
        reason: `position ${i + 1}: ${d.reason}`,
      };
  }
  return yes(what, `all ${g.length} positions match in order`);
}

type Interval = Extract<Value, { kind: "interval" }>;

export function compareIntervals(g: Interval, p: Interval, values: Compare): Decision {
  const br = (v: Interval): string => `${v.loClosed ? "[" : "("}…${v.hiClosed ? "]" : ")"}`;
  if (g.loClosed !== p.loClosed || g.hiClosed !== p.hiClosed) {
    return no("interval", `brackets differ: ${br(g)} vs ${br(p)}`);
  }
  const lo = values(g.lo, p.lo);
  if (!lo.equal) return { ...lo, rule: "interval", reason: `lower ends differ: ${lo.reason}` };
  const hi = values(g.hi, p.hi);
  if (!hi.equal) return { ...hi, rule: "interval", reason: `upper ends differ: ${hi.reason}` };
  return yes("interval", `same ends and brackets ${br(g)}`);
}

type Matrix = Extract<Value, { kind: "matrix" }>;

export function compareMatrices(g: Matrix, p: Matrix, values: Compare): Decision {
  const shape = (m: Matrix): string => `${m.rows.length}×${m.rows[0]?.length ?? 0}`;
  if (shape(g) !== shape(p) || g.rows.some((r, i) => r.length !== p.rows[i].length)) {
    return no("matrix", `shapes differ: ${shape(g)} vs ${shape(p)}`);
  }
  const d = compareOrdered(g.rows.flat(), p.rows.flat(), values, "matrix");
  return d.equal ? yes("matrix", `same ${shape(g)} matrix cell by cell`) : d;
}

/** A one-row or one-column matrix as a list of cells, so a vector equals the tuple it lists. */
export function vectorCells(m: Matrix): Value[] | null {
  if (m.rows.length === 1) return m.rows[0];
  if (m.rows.every((r) => r.length === 1)) return m.rows.map((r) => r[0]);
  return null;
}
