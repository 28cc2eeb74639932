import {
  CANCELLATION_FLOOR,
  closeRelative,
  DOUBLE_RELATIVE,
  roundsAtOwnPrecision,
} from "../../numbers/magnitude";
import {
  evaluateTokens,
  exactlyEqual,
  formatValue,
  isExact,
  type SideValue,
  valueToNumber,
} from "./evaluate";
import { runStart } from "./run";
import { BANG, Cmd, Kind, MINUS, PERCENT, TokenList, tokenize } from "./tokens";

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

/** Commands after a value that end a claim without joining it (units, spacing, line breaks). */
const NEUTRAL_AFTER =
  /\\(?:text|textrm|textbf|mathrm|mbox|quad|qquad|\\|hspace|implies|Rightarrow|rightarrow|to|therefore|text)\b/y;

/** The code of the last character before `index` that is not a space or tab, or -1. */
function previousNonSpace(text: string, index: number): number {
  let i = index - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i >= 0 ? text.charCodeAt(i) : -1;
}

/** Letters (Latin or Greek), `_` and `'`: what a variable or a word is made of. */
function isWordChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 39 || (c >= 0x391 && c <= 0x3c9);
}

/** Trims a left side back to its last separator (`, 3 + 4` → `3 + 4`) and to an unclosed group: its first token. */
function trimLeft(tokens: TokenList): number {
  let depth = 0;
  for (let k = tokens.length - 1; k >= 0; k--) {
    const kind = tokens.kind[k];
    if (kind === Kind.Close) depth++;
    else if (kind === Kind.Open) {
      if (depth === 0) return k + 1;
      depth--;
    } else if (kind === Kind.Break && depth === 0) return k + 1;
  }
  return 0;
}

/** Trims a right side at its first separator (`7, and` → `7`) or at a closer it did not open: its end. */
function trimRight(tokens: TokenList): number {
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const kind = tokens.kind[k];
    if (kind === Kind.Open) depth++;
    else if (kind === Kind.Close) {
      if (depth === 0) return k;
      depth--;
    } else if (kind === Kind.Break && depth === 0) return k;
  }
  return tokens.length;
}

/** The only number of tokens `[from, to)`, possibly in a group or `\boxed{}`, else -1. */
function bareLiteral(tokens: TokenList, from: number, to: number): number {
  let num = -1;
  for (let k = from; k < to; k++) {
    const kind = tokens.kind[k];
    if (kind === Kind.Num) {
      if (num >= 0) return -1;
      num = k;
    } else if (
      kind === Kind.Op ||
      kind === Kind.Break ||
      (kind === Kind.Cmd && tokens.info[k] !== Cmd.Boxed)
    ) {
      return -1;
    }
  }
  return num;
}

/** The decimals of a side whose only number is token `literal` (`3.33`), or 0 when it has operations (-1). */
const literalDecimals = (tokens: TokenList, literal: number): number =>
  literal < 0 ? 0 : tokens.info[literal];

function equalValues(a: SideValue, b: SideValue, leftDecimals: number, rightDecimals: number): boolean {
  if (exactlyEqual(a, b)) return true;
  const x = valueToNumber(a);
  const y = valueToNumber(b);
  // A decimal written alone on one side is read at its own precision: 10/3 = 3.33 holds (rounded),
  // 10/3 = 3.4 does not. Otherwise irrational values compare with a tight relative tolerance.
  // Both rules are the number engine's (core/numbers/magnitude.ts), shared with the grader.
  if (rightDecimals > 0 && roundsAtOwnPrecision(x, y, rightDecimals)) return true;
  if (leftDecimals > 0 && roundsAtOwnPrecision(y, x, leftDecimals)) return true;
  if (!isExact(a) || !isExact(b)) return closeRelative(x, y, DOUBLE_RELATIVE, CANCELLATION_FLOOR);
  return false;
}

/** The value of tokens `[from, to)`, or undefined when they hold no number or do not evaluate. */
function side(text: string, tokens: TokenList, from: number, to: number): SideValue | undefined {
  let hasNumber = false;
  for (let k = from; k < to && !hasNumber; k++) hasNumber = tokens.kind[k] === Kind.Num;
  if (!hasNumber) return undefined;
  try {
    return evaluateTokens(text, tokens, from, to);
  } catch {
    // Unsupported, or an arithmetic error of the exact-fraction library on hostile input: either
    // way the claim cannot be checked, and a response must never make the analysis fail.
    return undefined;
  }
}

/** Where a pair sits in its run. */
interface PairPosition {
  runStart: number;
  /** The end of the right side: the end of the run for the last pair. */
  rightEnd: number;
  first: boolean;
  last: boolean;
  chained: boolean;
}

/** Checks `left = right`, two neighbouring segments of a run; undefined when it is not a checkable claim. */
function checkPair(
  text: string,
  leftAll: TokenList,
  rightAll: TokenList,
  position: PairPosition,
): ArithmeticClaim | undefined {
  const leftFrom = trimLeft(leftAll);
  const leftTo = leftAll.length;
  const rightTo = trimRight(rightAll);
  if (leftFrom === leftTo || rightTo === 0) return undefined;
  const first = leftFrom;
  const last = rightTo - 1;
  const leftUntrimmed = position.first && leftFrom === 0;
  // A side that starts or ends with an operator lost an operand to a variable: `x + 3 = 7`, `= 2 +`.
  if (leftAll.kind[first] === Kind.Op && leftAll.info[first] !== MINUS) return undefined;
  if (rightAll.kind[last] === Kind.Op && !rightAll.isOp(last, BANG) && !rightAll.isOp(last, PERCENT)) {
    return undefined;
  }
  // `x - 3 = 4`: the minus is binary, its left operand a variable.
  if (
    leftAll.kind[first] === Kind.Op &&
    leftUntrimmed &&
    isWordChar(previousNonSpace(text, position.runStart))
  ) {
    return undefined;
  }
  const start = leftAll.start[first];
  const end = rightAll.end[last];
  // Glued to a letter or an unknown command: part of a larger expression (`2x`, `a_1`, `\pi r^2`).
  if (leftUntrimmed && start === position.runStart) {
    const before = text.charCodeAt(position.runStart - 1);
    if (isWordChar(before) || before === 92) return undefined;
  }
  if (position.last && rightTo === rightAll.length && end === position.rightEnd) {
    const after = text.charCodeAt(end);
    if (isWordChar(after)) return undefined;
    NEUTRAL_AFTER.lastIndex = end;
    if (after === 92 && !NEUTRAL_AFTER.test(text)) return undefined;
  }
  // `80 = 40` alone is prose ("50% of 80 = 40"); inside a checked chain, `2 + 2 = 4 = 5`, it is a claim.
  const chained = position.chained && leftFrom === 0;
  const leftLiteral = bareLiteral(leftAll, leftFrom, leftTo);
  const rightLiteral = bareLiteral(rightAll, 0, rightTo);
  if (leftLiteral >= 0 && rightLiteral >= 0 && !chained) return undefined;
  const left = side(text, leftAll, leftFrom, leftTo);
  if (left === undefined) return undefined;
  const right = side(text, rightAll, 0, rightTo);
  if (right === undefined) return undefined;
  return {
    start,
    end,
    text: text.slice(start, end),
    left: text.slice(start, leftAll.end[leftTo - 1]),
    right: text.slice(rightAll.start[0], end),
    leftValue: formatValue(left),
    rightValue: formatValue(right),
    holds: equalValues(
      left,
      right,
      literalDecimals(leftAll, leftLiteral),
      literalDecimals(rightAll, rightLiteral),
    ),
  };
}

/** Longest side examined; a longer one is not a claim a reader checks (and bounds parser depth). */
const MAX_SIDE = 300;

/**
 * Scratch reused across calls, as the check runs on every sample of a file: the tokens of the two
 * sides being compared (a side has at most {@link MAX_SIDE} characters, so at most that many
 * tokens) and where the pair sits in its run. Pure in effect: every field is written in a call
 * before it is read, and calls never interleave.
 */
const scratch: { left: TokenList; right: TokenList; pair: PairPosition } = {
  left: new TokenList(MAX_SIDE),
  right: new TokenList(MAX_SIDE),
  pair: { runStart: 0, rightEnd: 0, first: true, last: false, chained: false },
};

/**
 * Checks the claims in the arithmetic run from `start`, split at each `=`: neighbouring sides are
 * compared pairwise, left to right, each tokenised once. Returns the end of the run.
 */
function claimsInRun(text: string, start: number, out: ArithmeticClaim[]): number {
  let left = scratch.left;
  let right = scratch.right;
  let cut = tokenize(text, start, left);
  let leftOk = cut - start <= MAX_SIDE;
  const position = scratch.pair;
  position.runStart = start;
  position.first = true;
  position.chained = false;
  while (text.charCodeAt(cut) === 61) {
    const next = tokenize(text, cut + 1, right);
    const rightOk = next - (cut + 1) <= MAX_SIDE;
    position.rightEnd = next;
    position.last = text.charCodeAt(next) !== 61;
    const claim = leftOk && rightOk ? checkPair(text, left, right, position) : undefined;
    if (claim) out.push(claim);
    // The next link continues this chain only when this one was checked and its right side is whole.
    position.chained = claim !== undefined && trimRight(right) === right.length;
    position.first = false;
    const done = left;
    left = right;
    right = done;
    leftOk = rightOk;
    cut = next;
  }
  return cut;
}

/**
 * Finds and checks every arithmetic claim in a response, in order. Only the runs of arithmetic
 * characters around an `=` are read: each from its start, found by reading back from the `=`.
 */
export function findArithmeticClaims(text: string): ArithmeticClaim[] {
  const out: ArithmeticClaim[] = [];
  for (let eq = text.indexOf("="); eq >= 0;) {
    const end = claimsInRun(text, runStart(text, eq), out);
    // A run holds its `=`, so it ends after it; the maximum only guards the loop's progress.
    eq = text.indexOf("=", Math.max(end, eq + 1));
  }
  return out;
}
