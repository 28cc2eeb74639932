import { evaluateTokens, formatValue, Unsupported, type Value, valueToNumber } from "./evaluate";
import { type Token, tokenize } from "./tokens";

/** One checked equality `left = right` in a response; offsets are into the response text. */
export interface ArithmeticClaim {
  start: number;
  end: number;
  /** The claim as written, e.g. `17 \cdot 6 = 112`. */
  text: string;
  left: string;
  right: string;
  /** Exact values (`3/4`) or floats for irrational ones. */
  leftValue: string;
  rightValue: string;
  holds: boolean;
}

/**
 * Characters and commands an arithmetic run may contain. Anything else (a letter, `$`, `\pi`, a
 * newline) ends the run, so a claim never spans prose or a variable.
 */
const RUN =
  /(?:[0-9.,+\-*/^()[\]{}!%×÷·−=~ \t&]|\\(?:d?frac|tfrac|sqrt|times|cdot|div|left|right|boxed)(?![A-Za-z])|\\[,;:! %$])+/g;

/** Commands after a value that end a claim without joining it (units, spacing, line breaks). */
const NEUTRAL_AFTER =
  /^\\(?:text|textrm|textbf|mathrm|mbox|quad|qquad|\\|hspace|implies|Rightarrow|rightarrow|to|therefore|text)\b/;

function previousNonSpace(text: string, index: number): string | undefined {
  let i = index - 1;
  while (i >= 0 && (text[i] === " " || text[i] === "\t")) i--;
  return i >= 0 ? text[i] : undefined;
}

/** Letters (Latin or Greek), `_` and `'`: what a variable or a word is made of. */
function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 39 || (c >= 0x391 && c <= 0x3c9);
}

/** Trims a left side back to its last separator (`, 3 + 4` → `3 + 4`) and to an unclosed group. */
function trimLeft(tokens: Token[]): Token[] {
  let depth = 0;
  for (let k = tokens.length - 1; k >= 0; k--) {
    const t = tokens[k];
    if (t.kind === "close") depth++;
    else if (t.kind === "open") {
      if (depth === 0) return tokens.slice(k + 1);
      depth--;
    } else if (t.kind === "break" && depth === 0) return tokens.slice(k + 1);
  }
  return tokens;
}

/** Trims a right side at its first separator (`7, and` → `7`) or at a closer it did not open. */
function trimRight(tokens: Token[]): Token[] {
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === "open") depth++;
    else if (t.kind === "close") {
      if (depth === 0) return tokens.slice(0, k);
      depth--;
    } else if (t.kind === "break" && depth === 0) return tokens.slice(0, k);
  }
  return tokens;
}

/** One number, possibly in a group or `\boxed{}`: no operation to check on this side. */
const isBareLiteral = (tokens: Token[]): boolean =>
  tokens.filter((t) => t.kind === "num").length === 1 &&
  tokens.every(
    (t) =>
      t.kind === "num" || t.kind === "open" || t.kind === "close" || (t.kind === "cmd" && t.name === "boxed"),
  );

/** The decimals of a side that is one decimal literal (`3.33`), else 0. */
function literalDecimals(tokens: Token[]): number {
  const nums = tokens.filter((t) => t.kind === "num");
  return nums.length === 1 && isBareLiteral(tokens) && nums[0].kind === "num" ? nums[0].decimals : 0;
}

/** Whether `literal` (written with `decimals` places) is `exact` rounded or truncated to that many places. */
function roundsTo(exact: number, literal: number, decimals: number): boolean {
  const scale = 10 ** decimals;
  const target = Math.round(literal * scale);
  return Math.round(exact * scale) === target || Math.trunc(exact * scale) === target;
}

function equalValues(a: Value, b: Value, leftDecimals: number, rightDecimals: number): boolean {
  if (a.exact && b.exact && a.value.equals(b.value)) return true;
  const x = valueToNumber(a);
  const y = valueToNumber(b);
  // A decimal written alone on one side is read at its own precision: 10/3 = 3.33 holds (rounded),
  // 10/3 = 3.4 does not. Otherwise irrational values compare with a tight relative tolerance.
  if (rightDecimals > 0 && roundsTo(x, y, rightDecimals)) return true;
  if (leftDecimals > 0 && roundsTo(y, x, leftDecimals)) return true;
  if (!a.exact || !b.exact) return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  return false;
}

interface Side {
  tokens: Token[];
  value: Value;
}

function side(tokens: Token[]): Side | undefined {
  if (!tokens.some((t) => t.kind === "num")) return undefined;
  try {
    return { tokens, value: evaluateTokens(tokens) };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

interface Segment {
  all: Token[] | undefined;
}

/** Checks `left = right`, two neighbouring segments of a run; undefined when it is not a checkable claim. */
function checkPair(
  text: string,
  run: { start: number; end: number },
  leftAll: Token[],
  rightAll: Token[],
  position: { first: boolean; last: boolean; chained: boolean },
): ArithmeticClaim | undefined {
  const leftTokens = trimLeft(leftAll);
  const rightTokens = trimRight(rightAll);
  if (leftTokens.length === 0 || rightTokens.length === 0) return undefined;
  const first = leftTokens[0];
  const last = rightTokens[rightTokens.length - 1];
  const leftUntrimmed = position.first && leftTokens === leftAll;
  // A side that starts or ends with an operator lost an operand to a variable: `x + 3 = 7`, `= 2 +`.
  if (first.kind === "op" && first.op !== "-") return undefined;
  if (last.kind === "op" && last.op !== "!" && last.op !== "%") return undefined;
  // `x - 3 = 4`: the minus is binary, its left operand a variable.
  if (first.kind === "op" && leftUntrimmed && isWordChar(previousNonSpace(text, run.start))) return undefined;
  // Glued to a letter or an unknown command: part of a larger expression (`2x`, `a_1`, `\pi r^2`).
  if (leftUntrimmed && first.start === run.start) {
    const before = text[run.start - 1];
    if (isWordChar(before) || before === "\\") return undefined;
  }
  if (position.last && rightTokens === rightAll && last.end === run.end) {
    const after = text.slice(run.end, run.end + 12);
    if (isWordChar(after[0]) || (after[0] === "\\" && !NEUTRAL_AFTER.test(after))) return undefined;
  }
  // `80 = 40` alone is prose ("50% of 80 = 40"); inside a checked chain, `2 + 2 = 4 = 5`, it is a claim.
  const chained = position.chained && leftTokens === leftAll;
  if (isBareLiteral(leftTokens) && isBareLiteral(rightTokens) && !chained) return undefined;
  const left = side(leftTokens);
  const right = side(rightTokens);
  if (!left || !right) return undefined;
  return {
    start: first.start,
    end: last.end,
    text: text.slice(first.start, last.end),
    left: text.slice(first.start, leftTokens[leftTokens.length - 1].end),
    right: text.slice(rightTokens[0].start, last.end),
    leftValue: formatValue(left.value),
    rightValue: formatValue(right.value),
    holds: equalValues(left.value, right.value, literalDecimals(leftTokens), literalDecimals(rightTokens)),
  };
}

/** Checks the claims in one run of arithmetic characters `text[start, end)`, split at each `=`. */
function claimsInRun(text: string, start: number, end: number, out: ArithmeticClaim[]): void {
  const cuts: number[] = [];
  for (let i = text.indexOf("=", start); i >= 0 && i < end; i = text.indexOf("=", i + 1)) cuts.push(i);
  if (cuts.length === 0) return;
  const bounds = [start, ...cuts.map((c) => c + 1)];
  const segments: Segment[] = bounds.map((s, k) => {
    const e = k < cuts.length ? cuts[k] : end;
    return { all: e - s <= MAX_SIDE ? tokenize(text, s, e) : undefined };
  });
  let chained = false;
  for (let k = 0; k + 1 < segments.length; k++) {
    const leftAll = segments[k].all;
    const rightAll = segments[k + 1].all;
    const claim: ArithmeticClaim | undefined =
      leftAll && rightAll
        ? checkPair(text, { start, end }, leftAll, rightAll, {
            first: k === 0,
            last: k + 2 === segments.length,
            chained,
          })
        : undefined;
    if (claim) out.push(claim);
    // The next link continues this chain only when this one was checked and its right side is whole.
    chained = claim !== undefined && rightAll !== undefined && trimRight(rightAll) === rightAll;
  }
}

/** Longest side examined; a longer one is not a claim a reader checks (and bounds parser depth). */
const MAX_SIDE = 300;

/**
 * Finds and checks every arithmetic claim in a response, in order. One pass: only lines that contain
 * `=` are looked at, and only runs of arithmetic characters around an `=` are tokenised.
 */
export function findArithmeticClaims(text: string): ArithmeticClaim[] {
  const out: ArithmeticClaim[] = [];
  let eq = text.indexOf("=");
  while (eq >= 0) {
    const lineStart = text.lastIndexOf("\n", eq) + 1;
    let lineEnd = text.indexOf("\n", eq);
    if (lineEnd < 0) lineEnd = text.length;
    // Runs never cross a line end (the class has no newline), so the scan stops at this line.
    RUN.lastIndex = lineStart;
    for (let m = RUN.exec(text); m && m.index < lineEnd; m = RUN.exec(text)) {
      if (m[0].includes("=") && /\d/.test(m[0])) claimsInRun(text, m.index, m.index + m[0].length, out);
    }
    eq = text.indexOf("=", lineEnd);
  }
  return out;
}
