// Dispatch on the pair of value kinds. Each branch names the rule that decides, so the
// verdict's reason says why; mismatched kinds are unequal with both kinds named.
import { type Value, assignment, describe, scalarValue } from "../values";
import { type Decision, no } from "./decision";
import { compareRelations, relationAsInterval } from "./relations";
import { compareScalars } from "./scalars";
import {
  compareIntervals,
  compareMatrices,
  compareOrdered,
  compareUnordered,
  vectorCells,
} from "./structures";
import { compareText } from "./text";

type Interval = Extract<Value, { kind: "interval" }>;

const isScalar = (v: Value): v is Extract<Value, { kind: "number" | "expression" }> =>
  v.kind === "number" || v.kind === "expression";

/** `(a, b)` can be an open interval when the other side is an interval. */
function asInterval(v: Value): Interval | null {
  if (v.kind === "interval") return v;
  if (v.kind === "tuple" && v.paren && v.items.length === 2 && v.items.every(isScalar)) {
    return { kind: "interval", lo: v.items[0], hi: v.items[1], loClosed: false, hiClosed: false };
  }
  if (v.kind === "relation") {
    const set = relationAsInterval(v);
    return set?.kind === "interval" ? set : null;
  }
  return null;
}

/** Lists the parts of a union (an interval is a union of one). */
function unionParts(v: Value): Value[] | null {
  if (v.kind === "union") return v.parts.map((p) => asInterval(p) ?? p);
  // `1 \le |z| \le 2` denotes a union of two intervals.
  if (v.kind === "relation") {
    const set = relationAsInterval(v);
    if (set?.kind === "union") return set.parts;
  }
  const i = asInterval(v);
  if (i) return [i];
  if (v.kind === "set" && v.bare && v.items.every((x) => x.kind === "relation")) {
    const parts = v.items.map((x) => asInterval(x));
    return parts.every((p) => p !== null) ? parts : null;
  }
  return null;
}

/** `\{1, 3\} \cup \{2, 4\}` is the finite set \{1, 2, 3, 4\}. */
function flattenFiniteUnion(v: Value): Value {
  if (v.kind !== "union" || !v.parts.every((p) => p.kind === "set")) return v;
  return { kind: "set", items: v.parts.flatMap((p) => (p as { items: Value[] }).items), bare: false };
}

export function compareValues(gold: Value, pred: Value): Decision {
  const g = flattenFiniteUnion(gold);
  const p = flattenFiniteUnion(pred);
  // `1,5` against a single number reads as the decimal 1.5 (docs/grader.md, "decimal comma").
  if (g.kind === "set" && g.decimalComma && p.kind === "number") return compareValues(g.decimalComma, p);
  if (p.kind === "set" && p.decimalComma && g.kind === "number") return compareValues(g, p.decimalComma);
  // A one-element set or list is its element: {5} vs 5.
  if (g.kind === "set" && g.items.length === 1 && p.kind !== "set") return compareValues(g.items[0], p);
  if (p.kind === "set" && p.items.length === 1 && g.kind !== "set") return compareValues(g, p.items[0]);

  if (isScalar(g) && isScalar(p)) return compareScalars(g, p);
  if (g.kind === "text" || p.kind === "text") return compareText(describe(g), describe(p));

  if (g.kind === "relation" || p.kind === "relation") {
    if (g.kind === "relation" && p.kind === "relation") return compareRelations(g, p, compareValues);
    const rel = g.kind === "relation" ? g : (p as Extract<Value, { kind: "relation" }>);
    const other = g.kind === "relation" ? p : g;
    const a = assignment(rel);
    if (a) {
      const scalar = scalarValue(a.value);
      return g.kind === "relation" ? compareValues(scalar, other) : compareValues(other, scalar);
    }
  }

  if (g.kind === "matrix" && p.kind === "matrix") return compareMatrices(g, p, compareValues);
  if (g.kind === "matrix" || p.kind === "matrix") {
    const m = g.kind === "matrix" ? g : (p as Extract<Value, { kind: "matrix" }>);
    const other = g.kind === "matrix" ? p : g;
    const cells = vectorCells(m);
    if (cells && other.kind === "tuple") return compareOrdered(cells, other.items, compareValues, "vector");
    return no("kind", `a matrix against ${article(other.kind)}`);
  }

  const gu = unionParts(g);
  const pu = unionParts(p);
  if (gu && pu && (g.kind !== "tuple" || p.kind !== "tuple")) {
    if (gu.length === 1 && pu.length === 1)
      return compareIntervals(gu[0] as Interval, pu[0] as Interval, compareValues);
    return compareUnordered(gu, pu, compareValues, "union");
  }

  if (g.kind === "tuple" && p.kind === "tuple") {
    // `a = 1, b = 2` against `b = 2, a = 1`: match by the names when both sides give the same ones.
    const byName = g.names && p.names ? reorderByName(g.names, p.names, p.items) : null;
    return compareOrdered(g.items, byName ?? p.items, compareValues, "tuple");
  }
  if (g.kind === "set" && p.kind === "set") return compareUnordered(g.items, p.items, compareValues, "set");
  // A bare list ("1, 2") is as ordered as the tuple it is compared with.
  if (
    (g.kind === "set" && g.bare && p.kind === "tuple") ||
    (p.kind === "set" && p.bare && g.kind === "tuple")
  ) {
    return compareOrdered(
      (g as { items: Value[] }).items,
      (p as { items: Value[] }).items,
      compareValues,
      "tuple",
    );
  }
  return no("kind", `${article(label(g))} against ${article(label(p))}`);
}

function reorderByName(gold: string[], pred: string[], items: Value[]): Value[] | null {
  if (gold.length !== pred.length || !gold.every((n) => pred.includes(n))) return null;
  return gold.map((n) => items[pred.indexOf(n)]);
}

const article = (word: string): string => `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;

function label(v: Value): string {
  if (v.kind === "set" && v.bare) return "list";
  return v.kind;
}
