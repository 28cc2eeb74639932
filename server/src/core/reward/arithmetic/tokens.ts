/**
 * Tokens of one side of an arithmetic claim, in plain text or LaTeX: numbers (with thousands
 * separators), operators, groups, `\frac`, `\sqrt`, `\boxed`. Offsets are absolute in the response.
 */
export type Token =
  | { kind: "num"; text: string; decimals: number; start: number; end: number }
  | { kind: "op"; op: "+" | "-" | "*" | "/" | "^" | "!" | "%"; start: number; end: number }
  | { kind: "open"; ch: "(" | "[" | "{"; start: number; end: number }
  | { kind: "close"; ch: ")" | "]" | "}"; start: number; end: number }
  | { kind: "cmd"; name: "frac" | "sqrt" | "boxed"; start: number; end: number }
  /** A comma or period that is not part of a number, or `&`: it separates, it never joins. */
  | { kind: "break"; start: number; end: number };

/** Thousands groups only in threes (`1,234`, `1{,}234`, `1\,234`); a decimal part; or a plain number. */
const NUMBER = /\d{1,3}(?:(?:,|\{,\}|\\,)\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|\.\d+/y;
const COMMAND = /\\([A-Za-z]+|[,;:! %$])/y;

const OPS: Record<string, "+" | "-" | "*" | "/" | "^" | "!" | "%"> = {
  "+": "+",
  "-": "-",
  "−": "-",
  "*": "*",
  "×": "*",
  "·": "*",
  "/": "/",
  "÷": "/",
  "^": "^",
  "!": "!",
  "%": "%",
};

const COMMAND_OPS: Record<string, "*" | "/" | "%"> = { times: "*", cdot: "*", div: "/", "%": "%" };
// `\$` is a currency sign in prose (`\$5 + \$3 = \$8`): it changes no value.
const SPACING = new Set([",", ";", ":", "!", " ", "$", "left", "right"]);

/** Tokenises `text[start, end)`; returns undefined when it holds anything a claim cannot contain. */
export function tokenize(text: string, start: number, end: number): Token[] | undefined {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const ch = text[i];
    if (ch === " " || ch === "\t" || ch === "~") {
      i++;
      continue;
    }
    const code = ch.charCodeAt(0);
    const nextCode = text.charCodeAt(i + 1);
    if ((code >= 48 && code <= 57) || (code === 46 && nextCode >= 48 && nextCode <= 57)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m && i + m[0].length <= end) {
        const dot = m[0].indexOf(".");
        const next = i + m[0].length;
        tokens.push({
          kind: "num",
          text: m[0],
          decimals: dot < 0 ? 0 : m[0].length - dot - 1,
          start: i,
          end: next,
        });
        i = next;
        continue;
      }
    }
    const op = OPS[ch];
    if (op) {
      tokens.push({ kind: "op", op, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (ch === "(" || ch === "[" || ch === "{") {
      tokens.push({ kind: "open", ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (ch === ")" || ch === "]" || ch === "}") {
      tokens.push({ kind: "close", ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (ch === "," || ch === "." || ch === "&") {
      tokens.push({ kind: "break", start: i, end: i + 1 });
      i++;
      continue;
    }
    if (ch === "\\") {
      COMMAND.lastIndex = i;
      const m = COMMAND.exec(text);
      if (!m || i + m[0].length > end) return undefined;
      const name = m[1];
      const next = i + m[0].length;
      if ((name === "left" || name === "right") && "()[]".includes(text[next] ?? "x") && next < end) {
        // \left( and \right) are their delimiters; the token spans the command too.
        const ch = text[next];
        if (ch === "(" || ch === "[") tokens.push({ kind: "open", ch, start: i, end: next + 1 });
        else tokens.push({ kind: "close", ch: ch as ")" | "]", start: i, end: next + 1 });
        i = next + 1;
        continue;
      }
      if (SPACING.has(name)) {
        // \, \; \! are spaces; a \left or \right before anything else is dropped.
      } else if (COMMAND_OPS[name]) {
        tokens.push({ kind: "op", op: COMMAND_OPS[name], start: i, end: next });
      } else if (name === "frac" || name === "dfrac" || name === "tfrac") {
        tokens.push({ kind: "cmd", name: "frac", start: i, end: next });
      } else if (name === "sqrt" || name === "boxed") {
        tokens.push({ kind: "cmd", name, start: i, end: next });
      } else {
        return undefined;
      }
      i = next;
      continue;
    }
    return undefined;
  }
  return tokens;
}
