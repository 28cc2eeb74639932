/**
 * Splits a response into diff tokens: words, punctuation and math atoms. A math span (`$$…$$`,
 * `$…$`, `\(…\)`, `\[…\]`, `\boxed{…}`) is one token, so the word diff never cuts through a
 * formula and the renderer can hand the whole span to KaTeX. Whitespace is not a token: the text
 * between tokens is kept by offsets and rendered as written.
 */
export type TokenKind = "word" | "math";

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** What the diff compares: the word, or the TeX with spaces removed (`$x+1$` = `$x + 1$`). */
  key: string;
  /** Math only: the TeX source inside the delimiters, and whether it is display math. */
  tex?: string;
  display?: boolean;
}

/** Longest math span taken as one atom; a longer "span" is more likely an unpaired `$`. */
export const MAX_MATH_CHARS = 4000;

/**
 * Delimiter lookups that stay linear on hostile input (a megabyte of `\(` or `\boxed{` with no
 * closer): every "next occurrence" search is cached and reused by later, further-right starts, and
 * braces are matched once for the whole text.
 */
class Scanner {
  private readonly next = new Map<string, { from: number; at: number }>();
  private braces: Int32Array | undefined;

  constructor(readonly text: string) {}

  /** The first index >= from of `needle`, or -1. Starts only move right, so caching is exact. */
  indexOf(needle: string, from: number): number {
    const cached = this.next.get(needle);
    if (cached && cached.from <= from && (cached.at === -1 || cached.at >= from)) return cached.at;
    const at = this.text.indexOf(needle, from);
    this.next.set(needle, { from, at });
    return at;
  }

  /** The matching `}` of the `{` at `open` (backslash escapes skipped), or -1. */
  closingBrace(open: number): number {
    if (!this.braces) {
      const match = new Int32Array(this.text.length).fill(-1);
      const stack: number[] = [];
      for (let i = 0; i < this.text.length; i++) {
        const c = this.text[i];
        if (c === "\\") i++;
        else if (c === "{") stack.push(i);
        else if (c === "}" && stack.length) match[stack.pop()!] = i;
      }
      this.braces = match;
    }
    const close = this.braces[open];
    return close >= 0 && close - open <= MAX_MATH_CHARS ? close : -1;
  }

  /** The end (exclusive) of the first unescaped `close` after `from`, within the span limit. */
  closing(from: number, close: string): number {
    const limit = from + MAX_MATH_CHARS;
    let at = from;
    for (;;) {
      const found = this.indexOf(close, at);
      if (found < 0 || found > limit) return -1;
      // A single `$` never spans a blank line: an unpaired dollar stays text.
      if (close === "$") {
        const blank = this.indexOf("\n\n", from);
        if (blank >= 0 && blank < found) return -1;
      }
      let slashes = 0;
      while (found - slashes - 1 >= from && this.text[found - slashes - 1] === "\\") slashes++;
      if (close.startsWith("\\") || slashes % 2 === 0) return found + close.length;
      at = found + 1;
    }
  }
}

interface MathSpan {
  end: number;
  tex: string;
  display: boolean;
}

function mathAt(scan: Scanner, i: number): MathSpan | undefined {
  const text = scan.text;
  if (text.startsWith("$$", i)) {
    const end = scan.closing(i + 2, "$$");
    if (end > i + 4) return { end, tex: text.slice(i + 2, end - 2), display: true };
  } else if (text[i] === "$") {
    const end = scan.closing(i + 1, "$");
    if (end > i + 2) return { end, tex: text.slice(i + 1, end - 1), display: false };
  } else if (text.startsWith("\\(", i) || text.startsWith("\\[", i)) {
    const display = text[i + 1] === "[";
    const end = scan.closing(i + 2, display ? "\\]" : "\\)");
    if (end > i + 4) return { end, tex: text.slice(i + 2, end - 2), display };
  } else if (text.startsWith("\\boxed{", i)) {
    const close = scan.closingBrace(i + 6);
    if (close > 0) return { end: close + 1, tex: text.slice(i, close + 1), display: false };
  }
  return undefined;
}

const WORD = /[\p{L}\p{N}_'’]/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const scan = new Scanner(text);
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\n" || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "\\" && text[i + 1] === "$") {
      tokens.push({ kind: "word", start: i, end: i + 2, key: "\\$" });
      i += 2;
      continue;
    }
    if (c === "$" || c === "\\") {
      const math = mathAt(scan, i);
      if (math) {
        tokens.push({
          kind: "math",
          start: i,
          end: math.end,
          key: `${math.display ? "D" : "I"}${math.tex.replace(/\s+/g, "")}`,
          tex: math.tex,
          display: math.display,
        });
        i = math.end;
        continue;
      }
    }
    let end = i + 1;
    if (WORD.test(c)) while (end < text.length && WORD.test(text[end])) end++;
    else if (c === "\\") while (end < text.length && /[A-Za-z]/.test(text[end])) end++;
    // Keep a surrogate pair (an emoji, a rare CJK character) in one token.
    else if (c >= "\ud800" && c <= "\udbff" && end < text.length) end++;
    tokens.push({ kind: "word", start: i, end, key: text.slice(i, end) });
    i = end;
  }
  return tokens;
}
