/**
 * The editor's bound on one problem: a segment longer than {@link MAX_ANALYSED_CHARS} is not
 * analysed (the core's rules are linear or worse in a response's length: a 40 MB line took minutes,
 * and every keystroke in it would again); documentAnalysis/tooLong.ts gives it one finding instead. Its
 * tree for the features (outline, folding, ids) is parsed with its very long lines left empty.
 */

/** Characters of one problem (its segment) that the editor analyses at most. */
export const MAX_ANALYSED_CHARS = 1_000_000;

export function isTooLongToAnalyse(text: string): boolean {
  return text.length > MAX_ANALYSED_CHARS;
}

/** Lines longer than this, in a segment too long to analyse, are read as empty lines. */
const LONG_LINE_CHARS = 10_000;

/**
 * The text a segment is parsed from: itself, except in a segment too long to analyse
 * (documentAnalysis/tooLong.ts), where lines of more than {@link LONG_LINE_CHARS} are left empty. Lines
 * and directives keep their places (the outline, folding and ids stay right) and an edit in a
 * line of megabytes costs a scan instead of a parse of it.
 */
export function readableText(text: string): string {
  if (!isTooLongToAnalyse(text)) return text;
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl;
    lines.push(
      end - start > LONG_LINE_CHARS ? (text.charCodeAt(end - 1) === 13 ? "\r" : "") : text.slice(start, end),
    );
    if (nl === -1) break;
    start = nl + 1;
  }
  return lines.join("\n");
}
