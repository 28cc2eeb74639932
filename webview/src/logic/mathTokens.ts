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

function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length && i - open <= MAX_MATH_CHARS; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/** The end (exclusive) of the closing delimiter `close` after `from`, skipping `\`-escapes. */
function closing(text: string, from: number, close: string): number {
  const limit = Math.min(text.length, from + MAX_MATH_CHARS);
  for (let i = from; i < limit; i++) {
    if (text.startsWith(close, i)) return i + close.length;
    if (text[i] === "\\" && close !== "\\)" && close !== "\\]") i++;
    // A single `$` never spans a blank line: an unpaired dollar stays text.
    if (close === "$" && text[i] === "\n" && text[i + 1] === "\n") return -1;
  }
  return -1;
}

interface MathSpan {
  end: number;
  tex: string;
  display: boolean;
}

function mathAt(text: string, i: number): MathSpan | undefined {
  if (text.startsWith("$$", i)) {
    const end = closing(text, i + 2, "$$");
    if (end > i + 4) return { end, tex: text.slice(i + 2, end - 2), display: true };
  } else if (text[i] === "$") {
    const end = closing(text, i + 1, "$");
    if (end > i + 2) return { end, tex: text.slice(i + 1, end - 1), display: false };
  } else if (text.startsWith("\\(", i) || text.startsWith("\\[", i)) {
    const display = text[i + 1] === "[";
    const end = closing(text, i + 2, display ? "\\]" : "\\)");
    if (end > i + 4) return { end, tex: text.slice(i + 2, end - 2), display };
  } else if (text.startsWith("\\boxed{", i)) {
    const close = closingBrace(text, i + 6);
    if (close > 0) return { end: close + 1, tex: text.slice(i, close + 1), display: false };
  }
  return undefined;
}

const WORD = /[\p{L}\p{N}_'’]/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
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
      const math = mathAt(text, i);
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
