// Sums and products of matrices written out in an answer (`\begin{pmatrix}1&2\end{pmatrix} +
// \begin{pmatrix}3&4\end{pmatrix}`), evaluated exactly so they compare with the matrix they equal.
// Only matrices of exact rational cells; anything else is not a matrix expression (null).
import { wholeEnvironment } from "../latex/environments";
import * as Q from "../numbers/rational";
import { LimitExceeded, MAX_ELEMENTS } from "./bounds";
import type { Expr } from "./expr";
import type { Value } from "./values";

type Cells = Q.Rational[][];
type Op = "+" | "-" | "*";

const ENV_START = /\\begin\s*\{([pbBvV]?matrix|smallmatrix)\}/y;
const OPERATOR = /\s*(\+|-|\\cdot\b|\\times\b)?\s*/y;

/** Exact cells of one matrix, or null when a cell is not an exact rational. */
function exactCells(env: string, cell: (text: string) => Value): Cells | null {
  const parsed = wholeEnvironment(env);
  if (!parsed || parsed.rows.length === 0) return null;
  const width = parsed.rows[0].length;
  if (parsed.rows.some((r) => r.length !== width)) return null;
  if (parsed.rows.length * width > MAX_ELEMENTS)
    throw new LimitExceeded(`matrix has over ${MAX_ELEMENTS} cells`);
  const rows: Cells = [];
  for (const r of parsed.rows) {
    const row: Q.Rational[] = [];
    for (const c of r) {
      const v = cell(c);
      if (v.kind !== "number" || v.exact === null) return null;
      row.push(v.exact);
    }
    rows.push(row);
  }
  return rows;
}

function combine(a: Cells, b: Cells, op: Op): Cells | null {
  if (op === "*") {
    if (a[0].length !== b.length) return null;
    return a.map((row) =>
      b[0].map((_, j) => row.reduce((sum, x, k) => Q.add(sum, Q.mul(x, b[k][j])), Q.ZERO)),
    );
  }
  if (a.length !== b.length || a[0].length !== b[0].length) return null;
  return a.map((row, i) => row.map((x, j) => (op === "+" ? Q.add(x, b[i][j]) : Q.sub(x, b[i][j]))));
}

const numberExpr = (r: Q.Rational): Expr => {
  const num = (v: Q.Rational): Expr => ({
    t: "num",
    v,
    decimals: 0,
    text: (v.n < 0n ? -v.n : v.n).toString(),
  });
  const magnitude: Expr =
    r.d === 1n
      ? num({ n: r.n < 0n ? -r.n : r.n, d: 1n })
      : { t: "div", a: num({ n: r.n < 0n ? -r.n : r.n, d: 1n }), b: num({ n: r.d, d: 1n }) };
  return r.n < 0n ? { t: "neg", a: magnitude } : magnitude;
};

/**
 * The value of a sum or product of two or more matrices (products bind first), or null when `s`
 * is not one: another construct, a cell that is not an exact number, or shapes that do not fit.
 */
export function matrixExpression(s: string, cell: (text: string) => Value): Value | null {
  const operands: Cells[] = [];
  const ops: Op[] = [];
  let i = s.length - s.trimStart().length;
  while (i < s.length) {
    ENV_START.lastIndex = i;
    const m = ENV_START.exec(s);
    if (!m) return null;
    const endTag = `\\end{${m[1]}}`;
    const close = s.indexOf(endTag, i);
    if (close < 0) return null;
    const cells = exactCells(s.slice(i, close + endTag.length), cell);
    if (!cells) return null;
    operands.push(cells);
    i = close + endTag.length;
    OPERATOR.lastIndex = i;
    const op = OPERATOR.exec(s);
    i = OPERATOR.lastIndex;
    if (i >= s.length) break;
    ops.push(op?.[1] === "+" ? "+" : op?.[1] === "-" ? "-" : "*");
  }
  if (operands.length < 2 || ops.length !== operands.length - 1) return null;
  // Products first, then sums and differences from the left.
  const terms: Cells[] = [operands[0]];
  const signs: Op[] = [];
  for (let k = 0; k < ops.length; k++) {
    if (ops[k] === "*") {
      const product = combine(terms[terms.length - 1], operands[k + 1], "*");
      if (!product) return null;
      terms[terms.length - 1] = product;
    } else {
      signs.push(ops[k]);
      terms.push(operands[k + 1]);
    }
  }
  let result = terms[0];
  for (let k = 1; k < terms.length; k++) {
    const next = combine(result, terms[k], signs[k - 1]);
    if (!next) return null;
    result = next;
  }
  return {
    kind: "matrix",
    rows: result.map((row) =>
      row.map((v) => ({ kind: "number", expr: numberExpr(v), exact: v, decimal: false })),
    ),
  };
}
