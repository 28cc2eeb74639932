// Streams in-memory bytes through the two-pass reader of server/src/io/pnsStream.ts, in
// line-aligned chunks of a chosen size, and reads the same bytes the whole-file way, so tests can
// compare the two.
import { analyzeFile, type FileAnalysis } from "../../server/src/core/analysis/index";
import { fileSuppressions } from "../../server/src/core/analysis/suppress";
import type { PnsSettings } from "../../server/src/core/config/index";
import { decodeText, parse, type PnsFile } from "../../server/src/core/format/index";
import { analyzeSegment } from "../../server/src/core/stream/analyzeSegment";
import type { ParsedSegment } from "../../server/src/core/stream/streamParser";
import { type ByteChunk, factsOf, parseChunks } from "../../server/src/io/pnsStream";

/** Chunks of about `size` bytes, each cut after a `\n` (as lineAlignedChunks reads a file). */
export function* chunksOf(bytes: Uint8Array, size: number): Generator<ByteChunk> {
  let base = 0;
  while (base < bytes.length) {
    let end = Math.min(bytes.length, base + size);
    if (end < bytes.length) {
      const lf = bytes.lastIndexOf(0x0a, end - 1);
      end = lf >= base ? lf + 1 : bytes.indexOf(0x0a, end) + 1 || bytes.length;
    }
    // A copy, like the reader's reused buffer: nothing may keep it.
    yield { bytes: bytes.slice(base, end), byteBase: base };
    base = end;
  }
}

export async function streamSegments(bytes: Uint8Array, size: number): Promise<ParsedSegment[]> {
  const facts = await factsOf(chunksOf(bytes, size));
  const { StreamParser } = await import("../../server/src/core/stream/streamParser");
  const parser = new StreamParser(facts);
  const out: ParsedSegment[] = [];
  for await (const s of parseChunks(chunksOf(bytes, size), facts, parser)) out.push(s);
  return out;
}

/** What readPnsFile gives for these bytes. */
export function wholeFile(bytes: Uint8Array): PnsFile {
  const { text, diagnostics, binary } = decodeText(bytes);
  const file = parse(text);
  file.diagnostics = binary
    ? diagnostics
    : [...diagnostics, ...file.diagnostics].sort((a, b) => a.range.start.offset - b.range.start.offset);
  return file;
}

/** Streamed analysis, findings without fixes. */
export async function streamAnalysis(
  bytes: Uint8Array,
  size: number,
  settings: PnsSettings,
): Promise<FileAnalysis> {
  const segments = await streamSegments(bytes, size);
  const header = segments[0].file;
  const fileSuppressed = fileSuppressions(header);
  const eol =
    (await factsOf(chunksOf(bytes, size))).crlfLines > (await factsOf(chunksOf(bytes, size))).lfLines
      ? "\r\n"
      : "\n";
  const out: FileAnalysis = { findings: [], samples: [] };
  for (const s of segments) {
    const a = analyzeSegment(s, settings, { eol, fileSuppressed });
    out.findings.push(...a.findings);
    out.samples.push(...a.samples);
  }
  return out;
}

/** Whole-file analysis, findings without fixes (the CLI prints none). */
export function wholeAnalysis(bytes: Uint8Array, settings: PnsSettings): FileAnalysis {
  const a = analyzeFile(wholeFile(bytes), settings);
  return { findings: a.findings.map(({ fixes: _fixes, ...f }) => f), samples: a.samples };
}
