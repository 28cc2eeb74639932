// The typed value model: a cleaned answer string becomes a number, expression, set, tuple,
// interval, union, matrix, relation or text. Structure is read here; scalars go to the parser.
import { wholeEnvironment } from "../latex/environments";
import { splitTopLevel } from "../latex/groups";
import { LimitExceeded, MAX_ELEMENTS, NotExact } from "./bounds";
import { evalExact, mayBeRational } from "./evaluate";
import { type Expr, freeVars, isWrittenDecimal, printExpr } from "./expr";
import { ParseError, parseMath } from "./latexToMath";
import { matrixExpression } from "./matrixArithmetic";
import type { Rational } from "../numbers/rational";

export type RelOp = "=" | "<" | "<=" | "!=";

export type Value =
  /** A closed form; `exact` when it is rational; `decimal` when written as a decimal literal. */
  | { kind: "number"; expr: Expr; exact: Rational | null; decimal: boolean; unit?: string }
  | { kind: "expression"; expr: Expr; vars: string[] }
  /**
   * Unordered; `bare` marks a list written without braces ("1, 2" or "1 and 2"). `decimalComma`
   * is the other reading of `1,5` or `0,111` (a comma that is not a thousands separator): the
   * decimal, used only against a single number.
   */
  | { kind: "set"; items: Value[]; bare: boolean; decimalComma?: Value }
  /**
   * Ordered; `paren` marks `(a, b)`, which may also be read as an open interval; `names` the
   * unknowns of `a = 1, b = 2`, so that `b = 2, a = 1` can be matched by name.
   */
  | { kind: "tuple"; items: Value[]; paren: boolean; names?: string[] }
  | { kind: "interval"; lo: Value; hi: Value; loClosed: boolean; hiClosed: boolean }
  | { kind: "union"; parts: Value[] }
  | { kind: "matrix"; rows: Value[][] }
  /** `sides[0] ops[0] sides[1] ...`; `>` and `>=` are stored flipped as `<` and `<=`. */
  | { kind: "relation"; sides: Expr[]; ops: RelOp[] }
  | { kind: "text"; text: string };

const MATH_WORDS = /^(?:sin|cos|tan|sec|csc|cot|arcsin|arccos|arctan|sinh|cosh|tanh|ln|log|exp|sqrt|pi|abs)$/;
const UNIT_TAIL = /^(.*?[\d})])\s*((?:[a-zA-Z]{2,}\.?(?:\s*\^\s*\{?\d\}?)?\s*)+)$/;
const TEXT_WORDS = /^(?:yes|no|true|false|none|odd|even|undefined|never|always)$/i;

/** Drops trailing unit words after a value ("12 cm", "5 \\text{ dollars}"); never single letters. */
function stripUnits(s: string): string {
  return splitUnit(s)[0];
}

/** The value and its trailing unit words ("" when none): "12 cm^2" gives ["12", "cm^2"]. */
function splitUnit(s: string): [string, string] {
  const m = UNIT_TAIL.exec(s);
  if (!m) return [s, ""];
  const words = m[2]
    .replace(/\s*\^\s*\{?\d\}?/g, "")
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.^\d]/g, ""));
  if (words.some((w) => MATH_WORDS.test(w) || /^(?:and|or)$/i.test(w))) return [s, ""];
  return [m[1].trim(), m[2].replace(/\s+/g, " ").trim()];
}

/** True when the text has a word that is not math (three or more letters outside known names). */
function looksLikeText(s: string): boolean {
  if (TEXT_WORDS.test(s.trim())) return true;
  // Commands and subscripts (`S_{ABCD}`) are not words.
  const noCommands = s.replace(/\\[a-zA-Z]+|_\{[^{}]*\}/g, " ");
  for (const run of noCommands.match(/[a-zA-Z]{3,}/g) ?? []) {
    const rest = run.replace(
      /arcsin|arccos|arctan|sinh|cosh|tanh|sqrt|sin|cos|tan|sec|csc|cot|exp|abs|log|ln|pi/g,
      "",
    );
    if (rest.length > 2) return true;
  }
  return false;
}

function scalar(expr: Expr, decimalHint: boolean): Value {
  const vars = [...freeVars(expr)].sort();
  if (vars.length > 0) return { kind: "expression", expr, vars };
  let exact: Rational | null = null;
  try {
    // The pre-check skips throwing (and its stack capture) for forms that are never rational.
    if (mayBeRational(expr)) exact = evalExact(expr);
  } catch (error) {
    if (!(error instanceof NotExact)) throw error;
  }
  return { kind: "number", expr, exact, decimal: decimalHint };
}

const isDecimalLiteral = (e: Expr): boolean =>
  (e.t === "num" && isWrittenDecimal(e)) || (e.t === "neg" && e.a.t === "num" && isWrittenDecimal(e.a));

/** A parsed expression as a number (closed form) or an expression (free variables). */
export function scalarValue(expr: Expr): Value {
  return scalar(expr, isDecimalLiteral(expr));
}

function parseScalar(s: string): Value {
  return scalarValue(parseMath(s));
}

/**
 * Separators of a bare list: commas, semicolons, "and"/"or" (also after a comma, as in
 * "7, 12, and 30", and in a `\\text{}` wrapper).
 */
const LIST_SEPARATOR = /,\s*(?:and|or)\s+|,|;| and | or |\\text\{ ?(?:and|or) ?\}/;
/**
 * One comma between digits that cannot be a thousands separator (those were removed in clean-up)
 * and is not a plain two-number list: a 0 before it (`0,5`), or two or more digits after it
 * (`1,22`, `1000,99`). `1,2` stays the list 1, 2.
 */
const DECIMAL_COMMA = /^-?(?:0,\d+|\d+,\d{2,})$/;

const REL_SPLIT = /<=|>=|!=|\\le |\\ge |\\ne |\\lt\b|\\gt\b|\\le$|\\ge$|=|<|>/;
const REL_OPS: Record<string, { op: RelOp; flip: boolean }> = {
  "=": { op: "=", flip: false },
  "<": { op: "<", flip: false },
  ">": { op: "<", flip: true },
  "<=": { op: "<=", flip: false },
  ">=": { op: "<=", flip: true },
  "!=": { op: "!=", flip: false },
  "\\le": { op: "<=", flip: false },
  "\\ge": { op: "<=", flip: true },
  "\\ne": { op: "!=", flip: false },
  "\\lt": { op: "<", flip: false },
  "\\gt": { op: "<", flip: true },
};

function parseRelation(parts: string[], seps: string[]): Value {
  const sides = parts.map((p) => parseMath(stripUnits(p.trim())));
  const ops = seps.map((s) => REL_OPS[s.trim()]);
  // A chain must run one way (a < x <= b); a flipped chain is stored reversed.
  if (ops.some((o) => o.flip !== ops[0].flip)) throw new ParseError("mixed inequality directions");
  if (ops[0].flip) {
    sides.reverse();
    ops.reverse();
  }
  return { kind: "relation", sides, ops: ops.map((o) => o.op) };
}

/** `x = 5` with a lone variable on the left: the value is the right side. */
export function assignment(v: Value): { name: string; value: Expr } | null {
  if (v.kind !== "relation" || v.ops.length !== 1 || v.ops[0] !== "=") return null;
  const [lhs, rhs] = v.sides as [Expr, Expr];
  if (!isName(lhs)) return null;
  const rhsVars = freeVars(rhs);
  for (const name of freeVars(lhs)) if (rhsVars.has(name)) return null;
  return { name: printExpr(lhs), value: rhs };
}

/**
 * A label made of letters only: `x`, `AB`, `a_{37}`, `|AB|`, `\frac{NO}{BO}`. `2x` or `x + y`
 * are not names, so `2x = 6` stays an equation instead of claiming the value 6.
 */
function isName(e: Expr): boolean {
  if (e.t === "var") return true;
  if (e.t === "mul" || e.t === "div") return isName(e.a) && isName(e.b);
  return e.t === "fn" && e.name === "abs" && isName(e.args[0]);
}

function checkCount(n: number): void {
  if (n > MAX_ELEMENTS) throw new LimitExceeded(`answer has over ${MAX_ELEMENTS} elements`);
}

function items(body: string): Value[] {
  const parts = splitTopLevel(body, /,|;/);
  checkCount(parts.length);
  return parts.map((p) => parseValue(p));
}

/** Set elements: `\\{2 \\pm \\sqrt 3, 5\\}` lists three values, so a ± element gives both. */
function setItems(body: string): Value[] {
  const parts = splitTopLevel(body, /,|;/);
  checkCount(parts.length);
  return parts.flatMap((p) => {
    const v = parseValue(p);
    return v.kind === "set" && !v.bare && /\\(?:pm|mp)\b/.test(p) ? v.items : [v];
  });
}

function bracketed(s: string): Value | null {
  if (!wholeGroup(s)) return null;
  const open = s.startsWith("\\{") ? "\\{" : s[0];
  const close = s.endsWith("\\}") ? "\\}" : s[s.length - 1];
  const body = s.slice(open.length, s.length - close.length);
  if (open === "\\{" && close === "\\}")
    return { kind: "set", items: body.trim() === "" ? [] : setItems(body), bare: false };
  // `{1, 3}` typed without backslashes is a set too (a group `{x}` is not).
  if (open === "{" && close === "}" && splitTopLevel(body, /,|;/).length > 1) {
    return { kind: "set", items: setItems(body), bare: false };
  }
  if (!"([".includes(open) || !")]".includes(close)) return null;
  // A single bracketed expression is a scalar in parentheses, not a structure.
  if (splitTopLevel(body, /,|;/).length === 1) return null;
  const values = items(body);
  const paren = open === "(" && close === ")";
  if (values.length === 2 && values.every(isOrderable) && (!paren || values.some(isInfinite))) {
    return {
      kind: "interval",
      lo: values[0],
      hi: values[1],
      loClosed: open === "[",
      hiClosed: close === "]",
    };
  }
  return { kind: "tuple", items: values, paren };
}

const isOrderable = (v: Value): boolean => v.kind === "number" || v.kind === "expression";

export function isInfinite(v: Value): boolean {
  if (v.kind !== "number") return false;
  const e = v.expr.t === "neg" ? v.expr.a : v.expr;
  return e.t === "const" && e.name === "inf";
}

/** True when the first bracket of `s` closes at its last character. */
function wholeGroup(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") {
      if (s[i + 1] === "{") depth++;
      else if (s[i + 1] === "}") depth--;
      i++;
    } else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    if (depth === 0 && i < s.length - 1) return false;
  }
  return depth === 0;
}

const MATRIX_ENVS = /^(?:[pbBvV]?matrix|array|smallmatrix)$/;

/**
 * A matrix environment, read by the LaTeX kernel (core/latex/environments.ts): rows end at a
 * top-level `\\` whatever follows it (`4\\-1`, `4 \\ -1`), cells at `&`.
 */
function matrix(input: string): Value | null {
  // `\left[\begin{array}...\end{array}\right]` arrives as `[\begin{array}...]`; `(\begin{pmatrix}...)` likewise.
  const s = input.replace(/^[[(]\s*(\\begin[\s\S]*\\end\{[a-zA-Z]+\})\s*[\])]$/, "$1");
  const env = wholeEnvironment(s);
  if (!env || !MATRIX_ENVS.test(env.name)) return null;
  checkCount(env.rows.length);
  checkCount(env.rows.reduce((n, r) => n + r.length, 0));
  return { kind: "matrix", rows: env.rows.map((r) => r.map((c) => parseValue(c))) };
}

const ALL_REALS: Value = {
  kind: "interval",
  lo: { kind: "number", expr: { t: "neg", a: { t: "const", name: "inf" } }, exact: null, decimal: false },
  hi: { kind: "number", expr: { t: "const", name: "inf" }, exact: null, decimal: false },
  loClosed: false,
  hiClosed: false,
};

/** Parses a cleaned answer into a Value. Throws LimitExceeded when it is over a bound. */
export function parseValue(raw: string): Value {
  let s = raw.trim();
  if (s === "") return { kind: "text", text: "" };
  if (/^\\mathbb\s*\{?R\}?$/.test(s)) return ALL_REALS;
  if (/^\\emptyset$|^\\\{\s*\\\}$/.test(s)) return { kind: "set", items: [], bare: false };
  // Each structural split is guarded by a cheap substring test: most answers are plain scalars.
  const hasCommand = s.includes("\\");
  const mat = hasCommand ? matrix(s) : null;
  if (mat) return mat;
  // `A + B`, `A B` written out with two or more matrix environments: their exact value.
  const sum =
    hasCommand && s.indexOf("\\begin") !== s.lastIndexOf("\\begin") ? matrixExpression(s, parseValue) : null;
  if (sum) return sum;
  // `x \in [1, 2]`: membership is the set itself.
  const member = hasCommand && s.includes("\\in") ? splitTopLevel(s, /\\in\b/) : [s];
  if (member.length === 2 && /^[a-zA-Z]$/.test(member[0].trim())) return parseValue(member[1]);
  // `2 \pm \sqrt 3`, `\frac{1 \pm \sqrt 5}{2}`: one ± gives the set of both signs.
  const pm = hasCommand ? s.match(/\\(?:pm|mp)\b/g) : null;
  if (
    pm?.length === 1 &&
    !(/^(?:\\\{|[{([])/.test(s) && wholeGroup(s)) &&
    splitTopLevel(s, /,|;| and | or /).length === 1
  ) {
    const plus = s.replace(/\\(?:pm|mp)\b/, "+");
    const minus = s.replace(/\\(?:pm|mp)\b/, "-");
    return { kind: "set", items: [parseValue(plus), parseValue(minus)], bare: false };
  }
  const union = s.includes("\\cup") || s.includes(" U ") ? splitTopLevel(s, /\\cup\b| U /) : [s];
  if (union.length > 1) {
    checkCount(union.length);
    return { kind: "union", parts: union.map((p) => parseValue(p)) };
  }
  // `(11,7)or(7,11)`: a connective glued to brackets still separates the parts.
  if (/\)\s*(?:or|and)\s*\(/.test(s)) s = s.replace(/\)\s*(?:or|and)\s*\(/g, "), (");
  // `a=3,b=1;a=5,b=1`: solutions separated by `;`, each a list of named values, form a set of tuples.
  const solutions = s.includes(";") && s.includes("=") ? splitTopLevel(s, /;/) : [s];
  if (solutions.length > 1 && solutions.every((p) => p.includes("=") && p.includes(","))) {
    checkCount(solutions.length);
    return { kind: "set", items: solutions.map((p) => parseValue(p)), bare: true };
  }
  const list = /[,;]| and | or |\\text\{/.test(s) ? splitTopLevel(s, LIST_SEPARATOR) : [s];
  if (list.length > 1 && list.every((p) => p.trim() !== "")) {
    const value = bareList(list);
    // `1,5` or `0,111`: a comma that is not a thousands separator may be a decimal comma.
    if (value.kind === "set" && DECIMAL_COMMA.test(s)) value.decimalComma = parseScalar(s.replace(",", "."));
    return value;
  }
  const group = bracketed(s);
  if (group) return group;
  // `1/3 \approx 0.33`: the exact value is the answer, its approximation a comment.
  if (s.includes("\\approx")) {
    const [exact = "", ...rest] = splitTopLevel(s, /\\approx(?![a-zA-Z])/);
    // `x \approx 11` has no exact value: the approximation is all there is.
    s = exact.trim() !== "" && !/^\s*[a-zA-Z]\s*$/.test(exact) ? exact : rest.join(" ");
  }
  const [valueText, unit] = splitUnit(s);
  s = valueText;
  if (looksLikeText(s)) return { kind: "text", text: s };
  // `7:32` is a ratio of numbers.
  const ratio = /^([^:a-zA-Z]+):([^:a-zA-Z]+)$/.exec(s);
  if (ratio) s = `(${ratio[1]})/(${ratio[2]})`;
  const seps: string[] = [];
  const relParts = /[=<>]|\\[lgn]/.test(s) ? splitTopLevel(s, REL_SPLIT, seps) : [s];
  try {
    if (relParts.length > 1) {
      // `(x, y) = (1, 2)` is its values; `f(x) = 2x` and `f(1) = 3` give the right side (only the
      // usual function letters, so `x(x+1) = 0` stays an equation).
      if (
        seps.length === 1 &&
        seps[0] === "=" &&
        /^(?:\(\s*[a-zA-Z](?:\s*,\s*[a-zA-Z])+\s*\)|[fghpqFGHPQ]\s*\([^()=]*\))$/.test(relParts[0].trim())
      ) {
        return parseValue(relParts[1]);
      }
      // `x = 5 + 5 + 1 = 11`: in a chain of equalities the last side is the value worked out.
      if (seps.length > 1 && seps.every((op) => op === "=")) return parseValue(relParts[relParts.length - 1]);
      // `V_1:V_2 = 11:21`, `S_{ABC} : S = 7:32`: a label that is not math names the value.
      if (seps.length === 1 && seps[0] === "=" && !parsesAsMath(relParts[0])) return parseValue(relParts[1]);
      const rel = parseRelation(relParts, seps);
      const assigned = assignment(rel);
      // `x = 1, 2` style answers: the right side may itself be a structure.
      if (assigned === null && seps.length === 1 && seps[0] === "=" && /^\s*[a-zA-Z]\s*$/.test(relParts[0])) {
        return parseValue(relParts[1]);
      }
      return rel;
    }
    const scalar = parseScalar(s);
    if (unit !== "" && scalar.kind === "number") scalar.unit = unit;
    return scalar;
  } catch (error) {
    if (error instanceof ParseError) return { kind: "text", text: s };
    throw error;
  }
}

function parsesAsMath(s: string): boolean {
  try {
    parseMath(s);
    return true;
  } catch (error) {
    if (error instanceof ParseError) return false;
    throw error;
  }
}

function bareList(parts: string[]): Value {
  checkCount(parts.length);
  // `\pm 1, \pm 2` lists four values: sets from ± flatten into the list.
  const values = parts
    .map((p) => parseValue(p))
    .flatMap((v, i) => (v.kind === "set" && /\\(?:pm|mp)\b/.test(parts[i]) ? v.items : [v]));
  const names = values.map((v) => assignment(v)?.name ?? null);
  const unwrap = (v: Value): Value => {
    const a = assignment(v);
    return a ? scalarValue(a.value) : v;
  };
  // `x = 1, y = 2` names different unknowns: an ordered tuple. `x = 1, x = 2` or `x = 1, 2`: a set.
  if (names.every((n) => n !== null) && new Set(names).size === names.length) {
    return { kind: "tuple", items: values.map(unwrap), paren: false, names: names };
  }
  return { kind: "set", items: values.map(unwrap), bare: true };
}

/** Canonical display text of a value (mathjs syntax for scalars). */
export function describe(v: Value): string {
  switch (v.kind) {
    case "number":
    case "expression":
      return printExpr(v.expr);
    case "set":
      return `{${v.items.map(describe).join(", ")}}`;
    case "tuple":
      return `(${v.items.map(describe).join(", ")})`;
    case "interval":
      return `${v.loClosed ? "[" : "("}${describe(v.lo)}, ${describe(v.hi)}${v.hiClosed ? "]" : ")"}`;
    case "union":
      return v.parts.map(describe).join(" ∪ ");
    case "matrix":
      return `[${v.rows.map((r) => `[${r.map(describe).join(", ")}]`).join(", ")}]`;
    case "relation":
      return v.sides.map(printExpr).reduce((acc, side, i) => `${acc} ${v.ops[i - 1]} ${side}`);
    case "text":
      return v.text;
  }
}
