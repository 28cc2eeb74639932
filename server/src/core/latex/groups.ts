// The core's one brace matcher and the splitters built on it. Escaped braces (`\{`, `\}`) are set
// delimiters in LaTeX, not groups, so they are skipped; so is every character after a backslash.

/** Index of the `}` matching the `{` at `open`, or -1 when unbalanced within `end`. */
export function matchBrace(text: string, open: number, end: number = text.length): number {
  let depth = 0;
  const stop = Math.min(end, text.length);
  for (let i = open; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      i++;
      continue;
    }
    if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Replaces every `\name{body}` by `replace(body)`; unbalanced occurrences are left as they are. */
export function replaceCommandArg(
  text: string,
  names: readonly string[],
  replace: (body: string, name: string) => string,
): string {
  if (!text.includes("\\")) return text;
  const pattern = new RegExp(`\\\\(${names.join("|")})\\s*\\{`, "g");
  let out = "";
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const open = match.index + match[0].length - 1;
    const close = matchBrace(text, open);
    if (close < 0) break;
    out += text.slice(last, match.index) + replace(text.slice(open + 1, close), match[1] ?? "");
    last = close + 1;
    pattern.lastIndex = close + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Sticky copies of separator patterns, compiled once (splitting runs on every answer). */
const STICKY = new Map<string, RegExp>();

/** Splits at `separators` that sit at bracket depth 0 (round, square, curly and `\{ \}`). */
export function splitTopLevel(text: string, separator: RegExp, found?: string[]): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let sticky = STICKY.get(separator.source);
  if (!sticky) {
    sticky = new RegExp(separator.source, "y");
    STICKY.set(separator.source, sticky);
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      const next = text[i + 1];
      if (next === "{") depth++;
      else if (next === "}") depth--;
      else if (depth === 0) {
        sticky.lastIndex = i;
        const m = sticky.exec(text);
        if (m && m[0].length > 0) {
          found?.push(m[0]);
          parts.push(text.slice(start, i));
          start = i + m[0].length;
          i = start - 1;
          continue;
        }
      }
      i++;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (depth === 0) {
      sticky.lastIndex = i;
      const m = sticky.exec(text);
      if (m && m[0].length > 0) {
        found?.push(m[0]);
        parts.push(text.slice(start, i));
        start = i + m[0].length;
        i = start - 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts;
}
