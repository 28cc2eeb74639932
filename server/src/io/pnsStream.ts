import { isUtf8 } from "node:buffer";
import { promises as fs } from "node:fs";
import { countInvalidUtf8, type InvalidUtf8Count, InvalidUtf8Finder } from "../core/format/decode";
import { PARSE_CODES } from "../core/format/codes";
import type { ParseDiagnostic } from "../core/format/ast";
import { ProblemSplitter, type TextSegment } from "../core/stream/problemSplitter";
import { type ParsedSegment, StreamParser, type TextFacts } from "../core/stream/streamParser";

/**
 * Reads a `.pns` file problem by problem in two passes, so that memory stays bounded by the
 * largest problem, not the file (issue 16: a 1 GB file in well under 1 GB of memory):
 * 1. the bytes alone: line ends of each kind, NUL bytes, how many invalid UTF-8 spots;
 * 2. line-aligned chunks decoded, cut into segments (`core/stream/problemSplitter.ts`) and parsed
 *    one at a time (`core/stream/streamParser.ts`), with the result `readPnsFile` gives.
 */

const CHUNK = 4 << 20;
const LF = 0x0a;
const CR = 0x0d;

/** What the first pass learns: {@link TextFacts} plus the invalid UTF-8 count and the size. */
export interface PnsFileFacts extends TextFacts {
  invalid: InvalidUtf8Count;
  utf16: boolean;
  bytes: number;
}

/** A chunk of the file that ends with a `\n` (but the last), at `byteBase`. */
export interface ByteChunk {
  bytes: Uint8Array;
  byteBase: number;
}

/**
 * The file in chunks that end at line ends: a line longer than the buffer grows it. The chunk's
 * bytes are only valid until the next one is read (the buffer is reused).
 */
export async function* lineAlignedChunks(path: string, size = CHUNK): AsyncGenerator<ByteChunk> {
  const handle = await fs.open(path, "r");
  try {
    let buffer = new Uint8Array(size);
    let filled = 0;
    let byteBase = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      filled += bytesRead;
      if (bytesRead === 0) {
        if (filled > 0) yield { bytes: buffer.subarray(0, filled), byteBase };
        return;
      }
      const lastLf = buffer.lastIndexOf(LF, filled - 1);
      if (lastLf === -1) {
        if (filled === buffer.length) {
          const grown = new Uint8Array(buffer.length * 2);
          grown.set(buffer.subarray(0, filled));
          buffer = grown;
        }
        continue;
      }
      yield { bytes: buffer.subarray(0, lastLf + 1), byteBase };
      byteBase += lastLf + 1;
      // The cut-off line moves to the front; the consumer is done with the chunk by now.
      buffer.copyWithin(0, lastLf + 1, filled);
      filled -= lastLf + 1;
    }
  } finally {
    await handle.close();
  }
}

/** Pass 1: counts over the bytes only. */
export function scanPnsFacts(path: string): Promise<PnsFileFacts> {
  return factsOf(lineAlignedChunks(path));
}

/** {@link scanPnsFacts} over chunks that end at line ends. */
export async function factsOf(chunks: AsyncIterable<ByteChunk> | Iterable<ByteChunk>): Promise<PnsFileFacts> {
  let lfLines = 0;
  let crlfLines = 0;
  let nul = false;
  let utf16 = false;
  let bytes = 0;
  const invalid = { runs: 0, total: 0 };
  for await (const chunk of chunks) {
    const b = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
    if (chunk.byteBase === 0) utf16 = (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);
    bytes += b.length;
    for (let nl = b.indexOf(LF); nl !== -1; nl = b.indexOf(LF, nl + 1)) {
      if (nl > 0 && b[nl - 1] === CR) crlfLines++;
      else lfLines++;
    }
    if (!nul && b.indexOf(0) !== -1) nul = true;
    if (!utf16 && !isUtf8(chunk.bytes)) {
      const counted = countInvalidUtf8(chunk.bytes);
      invalid.runs += counted.runs;
      invalid.total += counted.total;
    }
  }
  return { lfLines, crlfLines, binary: nul || utf16, utf16, invalid, bytes };
}

/** An open two-pass read: the facts, the parser (for the header and the line end) and the segments. */
export interface PnsStream {
  facts: PnsFileFacts;
  parser: StreamParser;
  segments: AsyncGenerator<ParsedSegment>;
  /**
   * The same segments unparsed, for a reader that parses them elsewhere (analysis workers) and
   * then gives each tree to `parser.place`, in order. Read either this or `segments`, not both.
   */
  unparsed: AsyncGenerator<SplitSegment>;
}

/** A segment of the text, not yet parsed. */
export interface SplitSegment {
  segment: TextSegment;
  /** The last segment of the text. */
  atEnd: boolean;
}

/**
 * Opens `path` for streaming (pass 1 runs here; I/O errors are thrown for the caller to report).
 * `onBytes` is told how far pass 2 has read, for progress bars.
 */
export async function openPnsStream(
  path: string,
  onBytes?: (done: number, total: number) => void,
): Promise<PnsStream> {
  const facts = await scanPnsFacts(path);
  const parser = new StreamParser(facts);
  return {
    facts,
    parser,
    // Each opens the file only when first read.
    segments: parseChunks(lineAlignedChunks(path), facts, parser, onBytes),
    unparsed: splitChunks(lineAlignedChunks(path), facts, parser, onBytes),
  };
}

/** Pass 2 over chunks that end at line ends (the same chunks pass 1 saw, or a re-read of them). */
export async function* parseChunks(
  chunks: AsyncIterable<ByteChunk> | Iterable<ByteChunk>,
  facts: PnsFileFacts,
  parser: StreamParser,
  onBytes?: (done: number, total: number) => void,
): AsyncGenerator<ParsedSegment> {
  for await (const { segment, atEnd } of splitChunks(chunks, facts, parser, onBytes)) {
    yield parser.parse(segment, atEnd);
  }
}

/**
 * Pass 2 without the parse: the segments, with the reader's findings handed to `parser` before
 * the segments they fall in.
 */
export async function* splitChunks(
  chunks: AsyncIterable<ByteChunk> | Iterable<ByteChunk>,
  facts: PnsFileFacts,
  parser: StreamParser,
  onBytes?: (done: number, total: number) => void,
): AsyncGenerator<SplitSegment> {
  const splitter = new ProblemSplitter();
  const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  const finder = new InvalidUtf8Finder(facts.invalid);
  let nulReported = false;
  if (facts.utf16) {
    const at = { line: 0, character: 0, offset: 0 };
    parser.addReaderDiagnostics([
      {
        code: "binary-file",
        severity: PARSE_CODES["binary-file"],
        message: "this is UTF-16 text (it starts with a UTF-16 byte order mark): save it as UTF-8",
        range: { start: at, end: at },
      },
    ]);
  }
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk.bytes);
    const reader: ParseDiagnostic[] = [];
    if (facts.binary && !facts.utf16 && !nulReported) {
      const nul = text.indexOf("\0");
      if (nul !== -1) {
        nulReported = true;
        const start = splitter.positionIn(text, nul);
        reader.push({
          code: "binary-file",
          severity: PARSE_CODES["binary-file"],
          message: "a NUL byte: this looks like a binary file, not .pns text",
          range: { start, end: { ...start, character: start.character + 1, offset: start.offset + 1 } },
        });
      }
    }
    if (!facts.utf16 && facts.invalid.runs > 0 && text.includes("\uFFFD")) {
      reader.push(...finder.scan(chunk.bytes, chunk.byteBase, splitter.offset, splitter.line));
    }
    if (reader.length > 0) parser.addReaderDiagnostics(reader);
    for (const segment of splitter.push(text)) yield { segment, atEnd: false };
    onBytes?.(chunk.byteBase + chunk.bytes.length, facts.bytes);
  }
  yield { segment: splitter.end(), atEnd: true };
}
