/**
 * Document formatting: the canonical form of `pns fmt` (the core's serialize of the parse). The
 * result is sent as one minimal edit (common prefix and suffix kept), so the cursor and undo stay
 * sane on big files. A file with parse errors is not formatted: the user is told why.
 */
import type { TextEdit } from "vscode-languageserver";
import { parse, serialize } from "../core/format/index";
import type { ServerContext } from "./context";

/** Line/character of `offset` in `text`. */
function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  let at = text.indexOf("\n");
  while (at !== -1 && at < offset) {
    line++;
    lineStart = at + 1;
    at = text.indexOf("\n", lineStart);
  }
  return { line, character: offset - lineStart };
}

/** One edit turning `before` into `after`, or none when they are equal. */
export function minimalEdit(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Never split a \r\n pair or a surrogate pair.
  while (
    prefix > 0 &&
    (before.charCodeAt(prefix - 1) === 13 || isHighSurrogate(before.charCodeAt(prefix - 1)))
  )
    prefix--;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  while (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return [
    {
      range: { start: positionOf(before, prefix), end: positionOf(before, before.length - suffix) },
      newText: after.slice(prefix, after.length - suffix),
    },
  ];
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The canonical text, or an error message saying why the file cannot be formatted. */
export function canonicalText(text: string): { text: string } | { error: string } {
  const file = parse(text);
  const firstError = file.diagnostics.find((d) => d.severity === "error");
  if (firstError) {
    const { line, character } = firstError.range.start;
    return {
      error: `not formatted: fix ${firstError.code} at ${line + 1}:${character + 1} first (${firstError.message})`,
    };
  }
  return { text: serialize(file) };
}

export function registerFormatting(ctx: ServerContext): void {
  ctx.connection.onDocumentFormatting((params) => {
    const document = ctx.documents.get(params.textDocument.uri);
    if (!document) return null;
    const before = document.getText();
    const result = canonicalText(before);
    if ("error" in result) {
      void ctx.connection.window.showWarningMessage(`PNS: ${result.error}`);
      return [];
    }
    return minimalEdit(before, result.text);
  });
}
