/**
 * The content of the last brace-matched `\boxed{…}` (or `\fbox{…}`) in `text`, or null when there
 * is none. Braces are counted so that `\boxed{\frac{1}{2}}` yields `\frac{1}{2}`; an escaped brace
 * (`\{`, `\}`) does not count. An unclosed box is ignored rather than guessed at.
 *
 * Import uses this to find MATH's gold answer and the gold of TRL rows without an answer column;
 * grading answers is the grader's job (server/src/core/grader), not this function's.
 */
export function lastBoxed(text: string): string | null {
  const pattern = /\\(?:boxed|fbox)\s*\{/g;
  let last: string | null = null;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const open = match.index + match[0].length;
    const close = matchingBrace(text, open);
    if (close < 0) continue;
    last = text.slice(open, close);
    // Continue after this box: a box nested inside it is part of its content, not a later answer.
    pattern.lastIndex = close + 1;
  }
  return last === null ? null : last.trim();
}

/** Index of the `}` closing the group that starts at `from` (just after its `{`), or -1. */
function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") {
      i++; // skip the escaped character: `\{` and `\}` are literal braces
    } else if (ch === "{") {
      depth++;
    } else if (ch === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
