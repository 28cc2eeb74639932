// A linear tokenizer over LaTeX answers: what `pns grade --explain` shows for each side, so a user
// can see how the kernel reads an answer (a `\\` row break, a unit glued to a number, a `\left(`).
// It never fails: any character is some token.

export type TokenKind =
  | "number"
  | "word"
  | "command"
  | "escape"
  | "begin"
  | "end"
  | "row"
  | "cell"
  | "open"
  | "close"
  | "math"
  | "operator"
  | "symbol";

export interface LatexToken {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  /** Brace depth before the token (groups `{}` only). */
  depth: number;
}

/** Most tokens returned; the rest is summarised by the caller. */
export const MAX_TOKENS = 2_000;

const NUMBER = /\d+(?:[.,]\d+)*(?:\.\d*)?/y;
const WORD = /[A-Za-z]+/y;
const COMMAND = /\\[A-Za-z]+\*?/y;
const ENV = /\\(begin|end)\s*\{([A-Za-z*]+)\}/y;

function stickyAt(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
}

/** Tokens of `text` (at most MAX_TOKENS; `truncated` says when there were more). Spaces are skipped. */
export function tokenize(text: string): { tokens: LatexToken[]; truncated: boolean } {
  const tokens: LatexToken[] = [];
  let depth = 0;
  let i = 0;
  const push = (kind: TokenKind, end: number): void => {
    tokens.push({ kind, text: text.slice(i, end), start: i, end, depth });
    i = end;
  };
  while (i < text.length) {
    if (tokens.length >= MAX_TOKENS) return { tokens, truncated: true };
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    let end: number;
    if (c === "\\") {
      const next = text[i + 1] ?? "";
      if (next === "\\") push("row", i + 2);
      else if (next === "(" || next === "[" || next === ")" || next === "]") push("math", i + 2);
      else if ((end = stickyAt(ENV, text, i)) >= 0)
        push(text.startsWith("\\begin", i) ? "begin" : "end", end);
      else if ((end = stickyAt(COMMAND, text, i)) >= 0) push("command", end);
      else push("escape", Math.min(text.length, i + 2));
    } else if (c === "$") push("math", text[i + 1] === "$" ? i + 2 : i + 1);
    else if (c === "{") {
      push("open", i + 1);
      depth++;
    } else if (c === "}") {
      depth--;
      push("close", i + 1);
    } else if (c === "(" || c === "[") push("open", i + 1);
    else if (c === ")" || c === "]") push("close", i + 1);
    else if (c === "&") push("cell", i + 1);
    else if ("+-*/^_=<>!".includes(c)) push("operator", i + 1);
    else if ((end = stickyAt(NUMBER, text, i)) >= 0) push("number", end);
    else if ((end = stickyAt(WORD, text, i)) >= 0) push("word", end);
    else push("symbol", i + 1);
  }
  return { tokens, truncated: false };
}

/** Tokens on one line: `number:12 command:\frac open:{ …`, for `--explain`. */
export function describeTokens(text: string): string {
  const { tokens, truncated } = tokenize(text);
  const shown = tokens.map((t) => `${t.kind}:${t.text}`).join(" ");
  return truncated ? `${shown} … (more than ${MAX_TOKENS} tokens)` : shown;
}
