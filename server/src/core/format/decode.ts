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
 * Node reader (server/src/io/readPnsFile.ts) and tests feed it bytes.
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

/** How many invalid spots a whole text has, known before its places are reported (streaming). */
export interface InvalidUtf8Count {
  /** Runs of adjacent invalid sequences: one finding each, up to the limit. */
  runs: number;
  /** Invalid sequences in all. */
  total: number;
}

/**
 * Finds invalid UTF-8 the way `TextDecoder` replaces it, in one byte array or in consecutive
 * chunks that each end with a `\n` byte (0x0A never occurs inside a sequence, so a run never
 * spans two such chunks). Reports the first {@link MAX_INVALID_FINDINGS} runs; the last one
 * listed says how many there are in all, which a streaming reader learns from a first pass
 * (`known`) and a whole-text reader at the end.
 */
export class InvalidUtf8Finder {
  /** Sequences and runs seen so far. */
  total = 0;
  runs = 0;
  private readonly found: ParseDiagnostic[] = [];

  constructor(private readonly known?: InvalidUtf8Count) {}

  /**
   * Scans `bytes` (at `byteBase` in the file; its first byte starts UTF-16 offset `unitBase` on
   * zero-based line `lineBase`, at a line start). Returns this chunk's new findings.
   */
  scan(bytes: Uint8Array, byteBase = 0, unitBase = 0, lineBase = 0): ParseDiagnostic[] {
    const runs = scanRuns(bytes, unitBase, lineBase);
    const out: ParseDiagnostic[] = [];
    for (const run of runs.list) {
      if (this.found.length >= MAX_INVALID_FINDINGS) break;
      const d = runDiagnostic(bytes, run, byteBase);
      const last = this.found.length === MAX_INVALID_FINDINGS - 1;
      if (last && this.known && this.known.runs > MAX_INVALID_FINDINGS)
        d.message += moreNote(this.known.total);
      this.found.push(d);
      out.push(d);
    }
    this.runs += runs.count;
    this.total += runs.sequences;
    return out;
  }

  /** Every finding, once all bytes are scanned (the whole-text case adds the count note here). */
  finish(): ParseDiagnostic[] {
    if (!this.known && this.runs > MAX_INVALID_FINDINGS) {
      this.found[this.found.length - 1].message += moreNote(this.total);
    }
    return this.found;
  }
}

function moreNote(total: number): string {
  return ` (${total} invalid sequences in all; only the first ${MAX_INVALID_FINDINGS} places are listed)`;
}

/** Counts invalid runs and sequences only (a streaming reader's first pass). */
export function countInvalidUtf8(bytes: Uint8Array): { runs: number; total: number } {
  const runs = scanRuns(bytes, 0, 0);
  return { runs: runs.count, total: runs.sequences };
}

function findInvalidUtf8(bytes: Uint8Array): ParseDiagnostic[] {
  const finder = new InvalidUtf8Finder();
  finder.scan(bytes);
  return finder.finish();
}

/**
 * Walks the bytes with the WHATWG UTF-8 decoder's state machine, so that every invalid sequence
 * is found exactly where `TextDecoder` put its U+FFFD; adjacent ones are reported together.
 * Keeps the places of the first runs only (one more than are reported), and counts the rest.
 */
function scanRuns(
  bytes: Uint8Array,
  unitBase: number,
  lineBase: number,
): { list: InvalidRun[]; count: number; sequences: number } {
  const runs: InvalidRun[] = [];
  let count = 0;
  let total = 0;
  let units = unitBase;
  let line = lineBase;
  let lineStart = unitBase;
  let needed = 0;
  let seen = 0;
  let codePoint = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let sequenceStart = 0;
  let lastByteEnd = -1;
  let lastEndOffset = -1;
  const invalid = (byteStart: number, byteEnd: number): void => {
    total++;
    if (lastByteEnd === byteStart && lastEndOffset === units) {
      if (count <= runs.length) {
        const last = runs[runs.length - 1];
        last.byteEnd = byteEnd;
        last.endOffset = units + 1;
      }
    } else {
      count++;
      if (runs.length <= MAX_INVALID_FINDINGS) {
        runs.push({
          byteStart,
          byteEnd,
          start: { line, character: units - lineStart, offset: units },
          endOffset: units + 1,
        });
      }
    }
    lastByteEnd = byteEnd;
    lastEndOffset = units + 1;
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
  return { list: runs.slice(0, MAX_INVALID_FINDINGS), count, sequences: total };
}

function runDiagnostic(bytes: Uint8Array, run: InvalidRun, byteBase: number): ParseDiagnostic {
  const hex = Array.from(bytes.subarray(run.byteStart, Math.min(run.byteEnd, run.byteStart + 8)), (b) =>
    b.toString(16).toUpperCase().padStart(2, "0"),
  ).join(" ");
  const more = run.byteEnd - run.byteStart > 8 ? " …" : "";
  return {
    code: "invalid-utf8",
    severity: PARSE_CODES["invalid-utf8"],
    message: `invalid UTF-8 (bytes ${hex}${more} at byte offset ${byteBase + run.byteStart}), read as U+FFFD`,
    range: {
      start: run.start,
      end: {
        line: run.start.line,
        character: run.start.character + run.endOffset - run.start.offset,
        offset: run.endOffset,
      },
    },
  };
}
