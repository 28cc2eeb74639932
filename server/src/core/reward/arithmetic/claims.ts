import {
  evaluateTokens,
  exactlyEqual,
  formatValue,
  isExact,
  type SideValue,
  Unsupported,
  valueToNumber,
} from "./evaluate";
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

/** Commands an arithmetic run may contain (besides the spacing commands `\,` `\;` `\:` `\!` `\ ` `\%` `\$`). */
const RUN_COMMANDS = new Set([
  "frac",
  "dfrac",
  "tfrac",
  "sqrt",
  "times",
  "cdot",
  "div",
  "left",
  "right",
  "boxed",
]);

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * End of the run atom at `i`, or `i` when none starts there. An arithmetic run is made of the
 * characters `0-9 . , + - * / ^ ( ) [ ] { } ! % × ÷ · − = ~ & space tab`, the commands in
 * {@link RUN_COMMANDS} and spacing commands. Anything else (a letter, `$`, `\pi`, a newline) ends
 * the run, so a claim never spans prose or a variable.
 */
function atomEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 48 && c <= 57) return i + 1;
  switch (c) {
    case 46: // .
    case 44: // ,
    case 43: // +
    case 45: // -
    case 42: // *
    case 47: // /
    case 94: // ^
    case 40: // (
    case 41: // )
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 33: // !
    case 37: // %
    case 0xd7: // ×
    case 0xf7: // ÷
    case 0xb7: // ·
    case 0x2212: // −
    case 61: // =
    case 126: // ~
    case 32: // space
    case 9: // tab
    case 38: // &
      return i + 1;
    case 92: // \
      return commandAtomEnd(text, i);
    default:
      return i;
  }
}

/** End of the run command at `i` (a backslash), or `i`. */
function commandAtomEnd(text: string, i: number): number {
  const c = text.charCodeAt(i + 1);
  if (c === 44 || c === 59 || c === 58 || c === 33 || c === 32 || c === 37 || c === 36) return i + 2;
  let j = i + 1;
  while (isLetter(text.charCodeAt(j))) j++;
  return j > i + 1 && RUN_COMMANDS.has(text.slice(i + 1, j)) ? j : i;
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

/** The decimals of a side that is one decimal literal (`3.33`), else 0. */
function literalDecimals(tokens: TokenList, from: number, to: number): number {
  const num = bareLiteral(tokens, from, to);
  return num < 0 ? 0 : tokens.info[num];
}

/** Whether `literal` (written with `decimals` places) is `exact` rounded or truncated to that many places. */
function roundsTo(exact: number, literal: number, decimals: number): boolean {
  const scale = 10 ** decimals;
  const target = Math.round(literal * scale);
  return Math.round(exact * scale) === target || Math.trunc(exact * scale) === target;
}

function equalValues(a: SideValue, b: SideValue, leftDecimals: number, rightDecimals: number): boolean {
  if (exactlyEqual(a, b)) return true;
  const x = valueToNumber(a);
  const y = valueToNumber(b);
  // A decimal written alone on one side is read at its own precision: 10/3 = 3.33 holds (rounded),
  // 10/3 = 3.4 does not. Otherwise irrational values compare with a tight relative tolerance.
  if (rightDecimals > 0 && roundsTo(x, y, rightDecimals)) return true;
  if (leftDecimals > 0 && roundsTo(y, x, leftDecimals)) return true;
  if (!isExact(a) || !isExact(b)) return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  return false;
}

/** The value of tokens `[from, to)`, or undefined when they hold no number or do not evaluate. */
function side(text: string, tokens: TokenList, from: number, to: number): SideValue | undefined {
  let hasNumber = false;
  for (let k = from; k < to && !hasNumber; k++) hasNumber = tokens.kind[k] === Kind.Num;
  if (!hasNumber) return undefined;
  try {
    return evaluateTokens(text, tokens, from, to);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

/** Where a pair sits in its run. */
interface PairPosition {
  runStart: number;
  runEnd: number;
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
  if (position.last && rightTo === rightAll.length && end === position.runEnd) {
    const after = text.charCodeAt(end);
    if (isWordChar(after)) return undefined;
    NEUTRAL_AFTER.lastIndex = end;
    if (after === 92 && !NEUTRAL_AFTER.test(text)) return undefined;
  }
  // `80 = 40` alone is prose ("50% of 80 = 40"); inside a checked chain, `2 + 2 = 4 = 5`, it is a claim.
  const chained = position.chained && leftFrom === 0;
  if (bareLiteral(leftAll, leftFrom, leftTo) >= 0 && bareLiteral(rightAll, 0, rightTo) >= 0 && !chained) {
    return undefined;
  }
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
      literalDecimals(leftAll, leftFrom, leftTo),
      literalDecimals(rightAll, 0, rightTo),
    ),
  };
}

/** Longest side examined; a longer one is not a claim a reader checks (and bounds parser depth). */
const MAX_SIDE = 300;

/**
 * The tokens of the two segments being compared, reused across calls (a side has at most
 * {@link MAX_SIDE} characters, so at most that many tokens). Pure in effect: a segment is
 * tokenised before it is read, and calls never interleave.
 */
const segments = { left: new TokenList(MAX_SIDE), right: new TokenList(MAX_SIDE) };

/** The first `=` in `text[from, end)`, or `end`. */
function equalsSign(text: string, from: number, end: number): number {
  while (from < end && text.charCodeAt(from) !== 61) from++;
  return from;
}

/** Tokenises one segment `text[start, end)`; false when it is too long or holds a non-claim. */
const tokenizeSegment = (text: string, start: number, end: number, into: TokenList): boolean =>
  end - start <= MAX_SIDE && tokenize(text, start, end, into);

/**
 * Checks the claims in one run of arithmetic characters `text[start, end)`, split at each `=`
 * (`firstEquals`, the first). Neighbouring segments are compared pairwise, left to right.
 */
function claimsInRun(
  text: string,
  start: number,
  end: number,
  firstEquals: number,
  out: ArithmeticClaim[],
): void {
  let left = segments.left;
  let right = segments.right;
  let leftOk = tokenizeSegment(text, start, firstEquals, left);
  const position: PairPosition = { runStart: start, runEnd: end, first: true, last: false, chained: false };
  for (let cut = firstEquals; cut < end;) {
    const next = equalsSign(text, cut + 1, end);
    const rightOk = tokenizeSegment(text, cut + 1, next, right);
    position.last = next === end;
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
}

/**
 * Finds and checks every arithmetic claim in a response, in order. One pass: only lines that contain
 * `=` are looked at, and only runs of arithmetic characters with an `=` and a digit are tokenised.
 */
export function findArithmeticClaims(text: string): ArithmeticClaim[] {
  const out: ArithmeticClaim[] = [];
  let eq = text.indexOf("=");
  while (eq >= 0) {
    const lineStart = text.lastIndexOf("\n", eq) + 1;
    let lineEnd = text.indexOf("\n", eq);
    if (lineEnd < 0) lineEnd = text.length;
    // Runs never cross a line end (no atom holds a newline), so the scan stops at this line.
    let i = lineStart;
    while (i < lineEnd) {
      const runStart = i;
      let firstEquals = -1;
      let hasDigit = false;
      for (let next = atomEnd(text, i); next > i; next = atomEnd(text, i)) {
        const c = text.charCodeAt(i);
        if (c === 61 && firstEquals < 0) firstEquals = i;
        else if (c >= 48 && c <= 57) hasDigit = true;
        i = next;
      }
      if (i === runStart) i++;
      else if (firstEquals >= 0 && hasDigit) claimsInRun(text, runStart, i, firstEquals, out);
    }
    eq = text.indexOf("=", lineEnd);
  }
  return out;
}
