import { isUtf8 } from "node:buffer";
import { scanJson } from "../core/interop/jsonScan";

/** One line of a text stream: 1-based number, text without its line end. */
export interface TextLine {
  line: number;
  text: string;
  /** The line's bytes were not valid UTF-8; `text` has U+FFFD in their place. */
  invalidUtf8: boolean;
}

/** A parsed JSONL line, or where and why it failed to parse. Blank lines yield nothing. */
export type JsonlRecord =
  | { line: number; text: string; value: unknown; invalidUtf8: boolean }
  | {
      line: number;
      text: string;
      error: { column: number; message: string; /** default `invalid-json` */ code?: string };
    };

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into lines without ever holding more than the current line: memory stays
 * proportional to the longest line, not to the file. Splitting happens on bytes (0x0A never
 * occurs inside a UTF-8 sequence), so a character cut between two chunks is reassembled before
 * decoding, and each line is checked for invalid UTF-8 on its own. `\r\n` and `\n` both end a
 * line; a UTF-8 BOM at the start is skipped.
 */
export async function* readLines(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<TextLine> {
  let pieces: Uint8Array[] = [];
  let line = 0;
  const emit = (): TextLine => {
    let bytes = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
    pieces = [];
    line++;
    if (line === 1 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      bytes = bytes.subarray(3);
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, -1);
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { line, text: buffer.toString("utf8"), invalidUtf8: !isUtf8(buffer) };
  };
  for await (const chunk of source) {
    const bytes: Uint8Array = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    let start = 0;
    for (let nl = bytes.indexOf(NEWLINE, start); nl >= 0; nl = bytes.indexOf(NEWLINE, start)) {
      pieces.push(bytes.subarray(start, nl));
      yield emit();
      start = nl + 1;
    }
    // Copy the tail: the stream may reuse its chunk buffer after we return control.
    if (start < bytes.length) pieces.push(Uint8Array.prototype.slice.call(bytes, start));
  }
  if (pieces.some((piece) => piece.length > 0)) yield emit();
}

/**
 * Reads JSON Lines: each non-blank line parsed on its own, so one broken line costs only itself.
 * A line that fails to parse comes back with the 1-based column of the first error and a message
 * that says what was expected (from {@link scanJson}; Node's own message often has no position).
 */
export async function* readJsonl(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<JsonlRecord> {
  for await (const { line, text, invalidUtf8 } of readLines(source)) {
    if (text.trim().length === 0) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const scan = scanJson(text);
      const located = scan.error ?? {
        offset: 0,
        message: error instanceof Error ? error.message : String(error),
      };
      yield {
        line,
        text,
        error: { column: located.offset + 1, message: `not valid JSON: ${located.message}` },
      };
      continue;
    }
    yield { line, text, value, invalidUtf8 };
  }
}
