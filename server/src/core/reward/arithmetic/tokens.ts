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

  constructor(capacity: number) {
    this.kind = new Uint8Array(capacity);
    this.info = new Int32Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
  }

  push(kind: number, info: number, start: number, end: number): void {
    const k = this.length++;
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

/** A backslash command's name: `[A-Za-z]+`, or one of `, ; : ! % $` and space. */
function commandEnd(text: string, i: number): number {
  let j = i + 1;
  for (let c = text.charCodeAt(j); (c >= 65 && c <= 90) || (c >= 97 && c <= 122); c = text.charCodeAt(j)) j++;
  if (j > i + 1) return j;
  const c = text.charCodeAt(j);
  return c === 44 || c === 59 || c === 58 || c === 33 || c === 32 || c === 37 || c === 36 ? j + 1 : -1;
}

/**
 * One backslash command `text[i, next)` (name from i + 1): pushes its token and returns where the
 * tokeniser goes on, or -1 when a claim cannot contain it.
 */
function command(text: string, i: number, next: number, end: number, out: TokenList): number {
  const name = text.slice(i + 1, next);
  if (name === "left" || name === "right") {
    const ch = next < end ? text.charCodeAt(next) : 0;
    // \left( and \right) are their delimiters; the token spans the command too.
    if (ch === 40 || ch === 91) {
      out.push(Kind.Open, ch, i, next + 1);
      return next + 1;
    }
    if (ch === 41 || ch === 93) {
      out.push(Kind.Close, ch, i, next + 1);
      return next + 1;
    }
    // A \left or \right before anything else is dropped.
    return next;
  }
  switch (name) {
    // \, \; \! are spaces; `\$` is a currency sign in prose (`\$5 + \$3 = \$8`): it changes no value.
    case ",":
    case ";":
    case ":":
    case "!":
    case " ":
    case "$":
      return next;
    case "times":
    case "cdot":
      out.push(Kind.Op, STAR, i, next);
      return next;
    case "div":
      out.push(Kind.Op, SLASH, i, next);
      return next;
    case "%":
      out.push(Kind.Op, PERCENT, i, next);
      return next;
    case "frac":
    case "dfrac":
    case "tfrac":
      out.push(Kind.Cmd, Cmd.Frac, i, next);
      return next;
    case "sqrt":
      out.push(Kind.Cmd, Cmd.Sqrt, i, next);
      return next;
    case "boxed":
      out.push(Kind.Cmd, Cmd.Boxed, i, next);
      return next;
    default:
      return -1;
  }
}

/**
 * Tokenises `text[start, end)` into `out` (cleared first; it must hold `end - start` tokens).
 * Returns false when the range holds anything a claim cannot contain.
 */
export function tokenize(text: string, start: number, end: number, out: TokenList): boolean {
  out.length = 0;
  let i = start;
  while (i < end) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 126) {
      i++;
      continue;
    }
    if (isDigit(code) || (code === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const next = numberEnd(text, i);
      if (next <= end) {
        out.push(Kind.Num, decimalsOf(text, i, next), i, next);
        i = next;
        continue;
      }
    }
    const op = operatorOf(code);
    if (op !== 0) {
      out.push(Kind.Op, op, i, i + 1);
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
      const next = commandEnd(text, i);
      if (next < 0 || next > end) return false;
      i = command(text, i, next, end, out);
      if (i < 0) return false;
    } else {
      return false;
    }
  }
  return true;
}
