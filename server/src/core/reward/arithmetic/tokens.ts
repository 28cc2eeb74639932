/**
 * Tokens of one side of an arithmetic claim, in plain text or LaTeX: numbers (with thousands
 * separators), operators, groups, `\frac`, `\sqrt`, `\boxed`. Offsets are absolute in the response.
 *
 * A side is tokenised into a {@link TokenList}: parallel typed arrays rather than one object and one
 * substring per token. The check runs on every sample of a file, and per-token objects were most
 * of its garbage; a token's text is read back from the response by its offsets when needed.
 */

/** Token kinds: the values of {@link TokenList.kind}. */
export const Kind = {
  Num: 0,
  Op: 1,
  Open: 2,
  Close: 3,
  Cmd: 4,
  /** A comma or period that is not part of a number, or `&`: it separates, it never joins. */
  Break: 5,
} as const;

/** The `info` of a {@link Kind.Cmd} token. */
export const Cmd = { Frac: 0, Sqrt: 1, Boxed: 2 } as const;

/**
 * Tokens `0 ≤ k < length`. `info` holds, per kind: the decimals written (Num); the operator's ASCII
 * code, `+ - * / ^ ! %` (Op); the bracket's code, `( [ {` or `) ] }` (Open, Close); a {@link Cmd}.
 */
export class TokenList {
  length = 0;
  readonly kind: Uint8Array;
  readonly info: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;

  /** Tokens past the capacity are counted but not stored: their side is too long to be checked. */
  constructor(capacity: number) {
    this.kind = new Uint8Array(capacity);
    this.info = new Int32Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
  }

  push(kind: number, info: number, start: number, end: number): void {
    const k = this.length++;
    if (k >= this.kind.length) return;
    this.kind[k] = kind;
    this.info[k] = info;
    this.start[k] = start;
    this.end[k] = end;
  }

  /** Whether token `k` is the operator `op` (an ASCII code). */
  isOp(k: number, op: number): boolean {
    return this.kind[k] === Kind.Op && this.info[k] === op;
  }
}

/** Operator codes (ASCII) the evaluator tests for. */
export const PLUS = 43;
export const MINUS = 45;
export const STAR = 42;
export const SLASH = 47;
export const CARET = 94;
export const BANG = 33;
export const PERCENT = 37;

/** The operator (ASCII code) a character writes, or 0. */
function operatorOf(code: number): number {
  switch (code) {
    case PLUS:
    case MINUS:
    case STAR:
    case SLASH:
    case CARET:
    case BANG:
    case PERCENT:
      return code;
    case 0x2212: // −
      return MINUS;
    case 0xd7: // ×
    case 0xb7: // ·
      return STAR;
    case 0xf7: // ÷
      return SLASH;
    default:
      return 0;
  }
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** End of the digits starting at `i`. */
function digitsEnd(text: string, i: number): number {
  while (isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** End of a thousands separator (`,`, `{,}`, `\,`) at `i`, or -1. */
function separatorEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 44) return i + 1;
  if (c === 123 && text.charCodeAt(i + 1) === 44 && text.charCodeAt(i + 2) === 125) return i + 3;
  if (c === 92 && text.charCodeAt(i + 1) === 44) return i + 2;
  return -1;
}

/** End of `.\d+` at `i`, or `i` when there is none. */
function decimalPartEnd(text: string, i: number): number {
  return text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1)) ? digitsEnd(text, i + 1) : i;
}

/** Digits after the point of the number `text[start, end)`. */
function decimalsOf(text: string, start: number, end: number): number {
  for (let k = start; k < end; k++) if (text.charCodeAt(k) === 46) return end - k - 1;
  return 0;
}

/**
 * End of the number at `i` (a digit, or `.` before a digit). Written out from the pattern it
 * replaces, `\d{1,3}(?:(?:,|\{,\}|\\,)\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|\.\d+`: thousands
 * groups only in threes (`1,234`, `1{,}234`, `1\,234`), a group cut from a longer digit run
 * dropped (`1,234,5678` is `1,234`), else a plain number.
 */
function numberEnd(text: string, i: number): number {
  const lead = digitsEnd(text, i);
  if (lead > i && lead - i <= 3) {
    let groupsEnd = lead;
    let lastGroupStart = -1;
    for (;;) {
      const sep = separatorEnd(text, groupsEnd);
      if (sep < 0 || digitsEnd(text, sep) < sep + 3) break;
      lastGroupStart = groupsEnd;
      groupsEnd = sep + 3;
    }
    if (lastGroupStart >= 0) {
      if (!isDigit(text.charCodeAt(groupsEnd))) return decimalPartEnd(text, groupsEnd);
      // The last group is the head of a longer run: back off one group (the pattern's backtracking).
      if (lastGroupStart > lead) return lastGroupStart;
    }
  }
  return decimalPartEnd(text, lead);
}

/** Marks `\left` and `\right` in {@link COMMANDS}: a delimiter follows. */
const DELIMITER = -1;

/** The letter commands an arithmetic run may contain, and the token each one is. */
const COMMANDS: readonly { name: string; kind: number; info: number }[] = [
  { name: "times", kind: Kind.Op, info: STAR },
  { name: "cdot", kind: Kind.Op, info: STAR },
  { name: "frac", kind: Kind.Cmd, info: Cmd.Frac },
  { name: "dfrac", kind: Kind.Cmd, info: Cmd.Frac },
  { name: "tfrac", kind: Kind.Cmd, info: Cmd.Frac },
  { name: "sqrt", kind: Kind.Cmd, info: Cmd.Sqrt },
  { name: "boxed", kind: Kind.Cmd, info: Cmd.Boxed },
  { name: "div", kind: Kind.Op, info: SLASH },
  { name: "left", kind: DELIMITER, info: 0 },
  { name: "right", kind: DELIMITER, info: 0 },
];

/** The command named `text[from, to)`, if an arithmetic run may contain it (compared in place, no substring). */
function commandNamed(text: string, from: number, to: number): (typeof COMMANDS)[number] | undefined {
  for (const command of COMMANDS) {
    if (command.name.length === to - from && text.startsWith(command.name, from)) return command;
  }
  return undefined;
}

export const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Whether `text[from, to)` names a letter command an arithmetic run may contain. */
export const isRunCommand = (text: string, from: number, to: number): boolean =>
  commandNamed(text, from, to) !== undefined;

/** The characters that make a one-character command after `\`: `, ; : ! % $` and space. */
export const isSpacingCommand = (c: number): boolean =>
  c === 44 || c === 59 || c === 58 || c === 33 || c === 32 || c === 37 || c === 36;

/**
 * The backslash command at `i`: pushes its token and returns where the tokeniser goes on, or `i`
 * when it is not a command a run may contain (the run ends there).
 */
function command(text: string, i: number, out: TokenList): number {
  const c = text.charCodeAt(i + 1);
  if (isSpacingCommand(c)) {
    // \, \; \! are spaces; `\$` is a currency sign in prose (`\$5 + \$3 = \$8`): it changes no value.
    if (c === PERCENT) out.push(Kind.Op, PERCENT, i, i + 2);
    return i + 2;
  }
  let next = i + 1;
  while (isLetter(text.charCodeAt(next))) next++;
  const found = commandNamed(text, i + 1, next);
  if (!found) return i;
  if (found.kind !== DELIMITER) {
    out.push(found.kind, found.info, i, next);
    return next;
  }
  // \left( and \right) are their delimiters; the token spans the command too. A \left or \right
  // before anything else is dropped.
  const ch = text.charCodeAt(next);
  if (ch === 40 || ch === 91) out.push(Kind.Open, ch, i, next + 1);
  else if (ch === 41 || ch === 93) out.push(Kind.Close, ch, i, next + 1);
  else return next;
  return next + 1;
}

/**
 * Tokenises one side from `start` into `out` (cleared first): up to the next `=`, or to the end of
 * the arithmetic run, the first character a run cannot contain (a letter, `$`, `\pi`, a newline).
 * Returns where it stopped.
 */
export function tokenize(text: string, start: number, out: TokenList): number {
  out.length = 0;
  let i = start;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 126) {
      i++;
    } else if (isDigit(code) || (code === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const next = numberEnd(text, i);
      out.push(Kind.Num, decimalsOf(text, i, next), i, next);
      i = next;
    } else if (operatorOf(code) !== 0) {
      out.push(Kind.Op, operatorOf(code), i, i + 1);
      i++;
    } else if (code === 40 || code === 91 || code === 123) {
      out.push(Kind.Open, code, i, i + 1);
      i++;
    } else if (code === 41 || code === 93 || code === 125) {
      out.push(Kind.Close, code, i, i + 1);
      i++;
    } else if (code === 44 || code === 46 || code === 38) {
      out.push(Kind.Break, 0, i, i + 1);
      i++;
    } else if (code === 92) {
      const next = command(text, i, out);
      if (next === i) return i;
      i = next;
    } else {
      // `=` ends the side, anything else the run.
      return i;
    }
  }
}
