import type { ParseDiagnostic, Position } from "./ast";
import { PARSE_CODES } from "./codes";
import { positionAt } from "./position";

/** Decoded file text and what was wrong with its bytes. */
export interface DecodedText {
  /** The text; a leading BOM is kept as U+FEFF (the parser records it and writes it back). */
  text: string;
  /** `invalid-utf8` and `binary-file` findings, with ranges into `text`. */
  diagnostics: ParseDiagnostic[];
  /** NUL bytes or a UTF-16 byte order mark: not a `.pns` text file. */
  binary: boolean;
}

/** Past this many invalid spots, one finding sums up the rest. */
const MAX_INVALID_FINDINGS = 20;

/**
 * Decodes UTF-8 bytes the way `TextDecoder` does (each invalid sequence becomes U+FFFD) and
 * reports where the invalid bytes were, as line and character in the decoded text. Pure: the
 * Node reader (server/src/node/readPnsFile.ts) and tests feed it bytes.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const text = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(bytes);
  const diagnostics: ParseDiagnostic[] = [];
  let binary = false;
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) {
    binary = true;
    const at: Position = { line: 0, character: 0, offset: 0 };
    diagnostics.push({
      code: "binary-file",
      severity: PARSE_CODES["binary-file"],
      message: "this is UTF-16 text (it starts with a UTF-16 byte order mark): save it as UTF-8",
      range: { start: at, end: at },
    });
  } else {
    const nul = text.indexOf("\0");
    if (nul !== -1) {
      binary = true;
      const start = positionAt(text, nul);
      diagnostics.push({
        code: "binary-file",
        severity: PARSE_CODES["binary-file"],
        message: "a NUL byte: this looks like a binary file, not .pns text",
        range: { start, end: { ...start, character: start.character + 1, offset: nul + 1 } },
      });
    }
  }
  // Invalid bytes always leave a U+FFFD behind; without one there is nothing to look for.
  if (!utf16 && text.includes("\uFFFD")) diagnostics.push(...findInvalidUtf8(bytes));
  return { text, diagnostics, binary };
}

interface InvalidRun {
  byteStart: number;
  byteEnd: number;
  start: Position;
  /** UTF-16 offset just past the last U+FFFD of the run. */
  endOffset: number;
}

/**
 * Walks the bytes with the WHATWG UTF-8 decoder's state machine, so that every invalid sequence
 * is found exactly where `TextDecoder` put its U+FFFD; adjacent ones are reported together.
 */
function findInvalidUtf8(bytes: Uint8Array): ParseDiagnostic[] {
  const runs: InvalidRun[] = [];
  let total = 0;
  let units = 0;
  let line = 0;
  let lineStart = 0;
  let needed = 0;
  let seen = 0;
  let codePoint = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let sequenceStart = 0;
  const invalid = (byteStart: number, byteEnd: number): void => {
    total++;
    const last = runs[runs.length - 1];
    if (last && last.byteEnd === byteStart && last.endOffset === units) {
      last.byteEnd = byteEnd;
      last.endOffset = units + 1;
    } else if (runs.length <= MAX_INVALID_FINDINGS) {
      runs.push({
        byteStart,
        byteEnd,
        start: { line, character: units - lineStart, offset: units },
        endOffset: units + 1,
      });
    }
    units++;
  };
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (needed === 0) {
      sequenceStart = i;
      i++;
      if (b < 0x80) {
        units++;
        if (b === 0x0a) {
          line++;
          lineStart = units;
        }
      } else if (b >= 0xc2 && b <= 0xdf) {
        needed = 1;
        codePoint = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        needed = 2;
        codePoint = b & 0x0f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        needed = 3;
        codePoint = b & 0x07;
      } else {
        invalid(sequenceStart, i);
      }
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence so far is invalid; this byte starts afresh (it is not consumed).
      needed = 0;
      seen = 0;
      codePoint = 0;
      lower = 0x80;
      upper = 0xbf;
      invalid(sequenceStart, i);
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    codePoint = (codePoint << 6) | (b & 0x3f);
    seen++;
    i++;
    if (seen === needed) {
      units += codePoint >= 0x10000 ? 2 : 1;
      needed = 0;
      seen = 0;
      codePoint = 0;
    }
  }
  if (needed !== 0) invalid(sequenceStart, n);
  const diagnostics = runs.slice(0, MAX_INVALID_FINDINGS).map((run): ParseDiagnostic => {
    const hex = Array.from(bytes.subarray(run.byteStart, Math.min(run.byteEnd, run.byteStart + 8)), (b) =>
      b.toString(16).toUpperCase().padStart(2, "0"),
    ).join(" ");
    const more = run.byteEnd - run.byteStart > 8 ? " …" : "";
    return {
      code: "invalid-utf8",
      severity: PARSE_CODES["invalid-utf8"],
      message: `invalid UTF-8 (bytes ${hex}${more} at byte offset ${run.byteStart}), read as U+FFFD`,
      range: {
        start: run.start,
        end: {
          line: run.start.line,
          character: run.start.character + run.endOffset - run.start.offset,
          offset: run.endOffset,
        },
      },
    };
  });
  if (runs.length > MAX_INVALID_FINDINGS) {
    const last = diagnostics[diagnostics.length - 1];
    last.message += ` (${total} invalid sequences in all; only the first ${MAX_INVALID_FINDINGS} places are listed)`;
  }
  return diagnostics;
}
