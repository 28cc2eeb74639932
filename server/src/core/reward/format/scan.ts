import { findBoxes as findLatexBoxes } from "../../latex/boxes";
import { codeUnitBytes } from "./codeUnits";

/**
 * Shared scans of a response, each one linear pass: `\boxed{}` answers, and the math/brace
 * structure (delimiters, groups, environments) that the truncation and balance rules read.
 */

/** A `\boxed{…}`, `\boxed x` or `\fbox{…}`; `content` is what is inside. */
export interface Box {
  start: number;
  end: number;
  content: string;
  /** False when the braces never close (the response ends inside the box). */
  closed: boolean;
}

/**
 * Every box, in order, from the core's one box finder (core/latex/boxes.ts): brace-matched, so
 * `\boxed{\frac{1}{2}}` is one box; an unclosed box runs to the end of the text and ends the scan.
 */
export function findBoxes(text: string): Box[] {
  return findLatexBoxes(text, { unclosed: "stop" }).map((b) => ({
    start: b.start,
    end: b.end,
    content: text.slice(b.contentStart, b.contentEnd),
    closed: b.closed,
  }));
}

/** An opened construct: a math delimiter, a brace group or a `\begin{env}`. */
export interface Opener {
  kind: "$" | "$$" | "\\(" | "\\[" | "{" | "env";
  /** Environment name for `env`. */
  name?: string;
  start: number;
  end: number;
}

export interface MathScan {
  /** Closers with no opener (`}`, `$` never, `\]`, `\end{x}` without `\begin{x}`). */
  strayClosers: { start: number; end: number; text: string }[];
  /**
   * Openers that never closed before their enclosing construct did: an inline `$` still open at a
   * paragraph break (math cannot span paragraphs), a `{` still open when its `$…$` closes.
   */
  unclosed: Opener[];
  /** What is still open when the text ends, outermost first. */
  openAtEnd: Opener[];
}

const MAX_DEPTH = 256;
/** Most stray closers and unclosed openers kept: enough to report, bounded on hostile input. */
const MAX_REPORTS = 1000;

/** Opener kinds by the code the stack stores. */
const KINDS: readonly Opener["kind"][] = ["$", "$$", "\\(", "\\[", "{", "env"];
const DOLLAR = 0;
const DOUBLE_DOLLAR = 1;
const PAREN = 2;
const BRACKET = 3;
const BRACE = 4;
const ENV = 5;

const LF = 10;
const CR = 13;
const CH_DOLLAR = 36;
const CH_BACKSLASH = 92;
const CH_BACKTICK = 96;
const CH_OPEN_BRACE = 123;
const CH_CLOSE_BRACE = 125;

/** The characters the scan acts on, by byte (NON_ASCII included, as 0): it skips every other one. */
const ACTS_ON = new Uint8Array(256);
for (const c of [LF, CH_DOLLAR, CH_BACKSLASH, CH_OPEN_BRACE, CH_CLOSE_BRACE]) ACTS_ON[c] = 1;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** `[A-Za-z*]`, the characters of an environment name. */
const isNameChar = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 42;

/**
 * The constructs open during a scan, as parallel typed arrays (kind code, start, end; environment
 * names aside), reused by every scan: a response opens dozens of groups and formulas, and an object
 * for each was most of the scan's garbage. Openers become objects only when reported.
 */
const open = {
  kind: new Uint8Array(MAX_DEPTH),
  start: new Int32Array(MAX_DEPTH),
  end: new Int32Array(MAX_DEPTH),
  name: new Array<string>(MAX_DEPTH).fill(""),
  depth: 0,
};

function openerAt(k: number): Opener {
  const kind = KINDS[open.kind[k]];
  return kind === "env"
    ? { kind, name: open.name[k], start: open.start[k], end: open.end[k] }
    : { kind, start: open.start[k], end: open.end[k] };
}

/** A `$` before a digit that never closes is a currency sign, not a formula. */
function currencyAt(k: number, units: Uint8Array, n: number): boolean {
  return open.kind[k] === DOLLAR && open.end[k] < n && isDigit(units[open.end[k]]);
}

/**
 * Opens a construct. Deeper nesting than any real formula is reported as unbalanced at once, which
 * also keeps every scan of the stack below O(MAX_DEPTH) on hostile input ({{{{… a million times).
 */
function push(unclosed: Opener[], kind: number, start: number, end: number, name = ""): void {
  if (open.depth < MAX_DEPTH) {
    const k = open.depth++;
    open.kind[k] = kind;
    open.start[k] = start;
    open.end[k] = end;
    open.name[k] = name;
  } else if (unclosed.length < MAX_REPORTS) {
    unclosed.push(kind === ENV ? { kind: "env", name, start, end } : { kind: KINDS[kind], start, end });
  }
}

/** Closes opener `k`; anything opened inside it and still open is unbalanced. */
function popTo(unclosed: Opener[], k: number): void {
  for (let j = k + 1; j < open.depth && unclosed.length < MAX_REPORTS; j++) unclosed.push(openerAt(j));
  open.depth = k;
}

/** The innermost open opener of `kind` (or of `orKind`), or -1. */
function innermost(kind: number, orKind = kind): number {
  for (let k = open.depth - 1; k >= 0; k--) if (open.kind[k] === kind || open.kind[k] === orKind) return k;
  return -1;
}

function stray(strayClosers: MathScan["strayClosers"], start: number, end: number, closer: string): void {
  if (strayClosers.length < MAX_REPORTS) strayClosers.push({ start, end, text: closer });
}

/**
 * One pass over the text outside fenced code blocks. `\$` is a literal dollar; a `$` followed by a
 * digit that is never closed in its paragraph is currency, not math (`costs $5.`).
 */
export function scanMath(text: string): MathScan {
  const strayClosers: MathScan["strayClosers"] = [];
  const unclosed: Opener[] = [];
  const n = text.length;
  const units = codeUnitBytes(text);
  open.depth = 0;
  let i = 0;
  let lineStart = true;
  while (i < n) {
    const c = units[i];
    if (lineStart) {
      lineStart = false;
      if (c === CH_BACKTICK && text.startsWith("```", i)) {
        // Skip a fenced code block: braces and dollars in code are not math.
        const close = text.indexOf("\n```", i + 3);
        const next = close < 0 ? n : text.indexOf("\n", close + 4);
        i = next < 0 ? n : next + 1;
        lineStart = true;
        continue;
      }
    }
    if (ACTS_ON[c] === 0) {
      // Most characters: skip to the next one the scan acts on in a tight loop.
      i++;
      while (i < n && ACTS_ON[units[i]] === 0) i++;
      continue;
    }
    const next = i + 1 < n ? units[i + 1] : -1;
    if (c === LF) {
      lineStart = true;
      // A blank line ends a paragraph: inline math cannot cross it.
      if (next === LF || (next === CR && i + 2 < n && units[i + 2] === LF)) {
        let k = 0;
        while (k < open.depth && open.kind[k] !== DOLLAR) k++;
        if (k < open.depth) {
          if (!currencyAt(k, units, n) && unclosed.length < MAX_REPORTS) unclosed.push(openerAt(k));
          popTo(unclosed, k);
        }
      }
      i++;
    } else if (c === CH_BACKSLASH) {
      if (next === 40 || next === 91) {
        push(unclosed, next === 40 ? PAREN : BRACKET, i, i + 2); // \( \[
      } else if (next === 41 || next === 93) {
        const k = innermost(next === 41 ? PAREN : BRACKET); // \) \]
        if (k >= 0) popTo(unclosed, k);
        else stray(strayClosers, i, i + 2, next === 41 ? "\\)" : "\\]");
      } else if (
        (next === 98 && text.startsWith("\\begin{", i)) ||
        (next === 101 && text.startsWith("\\end{", i))
      ) {
        const isBegin = next === 98;
        const nameStart = i + (isBegin ? 7 : 5);
        let close = nameStart;
        while (close < n && isNameChar(units[close])) close++;
        if (close > nameStart && close < n && units[close] === CH_CLOSE_BRACE) {
          const name = text.slice(nameStart, close);
          const end = close + 1;
          if (isBegin) push(unclosed, ENV, i, end, name);
          else {
            let k = open.depth - 1;
            while (k >= 0 && !(open.kind[k] === ENV && open.name[k] === name)) k--;
            if (k >= 0) popTo(unclosed, k);
            else stray(strayClosers, i, end, text.slice(i, end));
          }
          i = end;
          continue;
        }
      }
      i += 2; // `\$`, `\{`, `\}`, `\\` and every command's first letter are skipped as a unit.
    } else if (c === CH_DOLLAR) {
      const kind = next === CH_DOLLAR ? DOUBLE_DOLLAR : DOLLAR;
      const length = kind === DOUBLE_DOLLAR ? 2 : 1;
      const k = innermost(DOLLAR, DOUBLE_DOLLAR);
      if (k >= 0 && open.kind[k] === kind) popTo(unclosed, k);
      else if (k < 0) push(unclosed, kind, i, i + length);
      else stray(strayClosers, i, i + length, KINDS[kind]);
      i += length;
    } else if (c === CH_OPEN_BRACE) {
      push(unclosed, BRACE, i, i + 1);
      i++;
    } else {
      if (open.depth > 0 && open.kind[open.depth - 1] === BRACE) open.depth--;
      else stray(strayClosers, i, i + 1, "}");
      i++;
    }
  }
  const openAtEnd: Opener[] = [];
  for (let k = 0; k < open.depth; k++) if (!currencyAt(k, units, n)) openAtEnd.push(openerAt(k));
  return { strayClosers, unclosed, openAtEnd };
}
