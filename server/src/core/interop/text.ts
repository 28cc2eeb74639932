/**
 * Text clean-up for imported fields. `.pns` bodies hold `\n` line ends only, so foreign text gets
 * its `\r\n` and lone `\r` turned into `\n`; trailing whitespace and leading blank lines carry no
 * meaning in a statement or a response and would otherwise show up as blank body lines. Inner
 * text (indentation, blank lines between paragraphs, LaTeX) is kept exactly.
 */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/^(?:[ \t]*\n)+/, "")
    .trimEnd();
}

/**
 * For the project's own JSONL, which is lossless: only `\r\n` becomes `\n` (a body cannot hold a
 * CRLF; the `.pns` file records its line end separately). Everything else is kept as written.
 */
export function normalizeEol(text: string): string {
  return text.replace(/\r\n/g, "\n");
}
