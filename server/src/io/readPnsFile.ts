import { promises as fs } from "node:fs";
import { decodeText, parse, type ParseDiagnostic, type PnsFile } from "../core/format/index";

/**
 * Reads a file as text: UTF-8 with invalid bytes replaced by U+FFFD and reported (line:col of
 * each bad spot), a BOM kept for the parser to record, NUL bytes reported as a binary file.
 * I/O errors (missing file, permissions) are thrown for the caller to report.
 */
export async function readTextFile(
  path: string,
): Promise<{ text: string; diagnostics: ParseDiagnostic[]; binary: boolean }> {
  const bytes = await fs.readFile(path);
  return decodeText(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/**
 * Reads and parses a `.pns` file; `file.diagnostics` holds the reader's findings and the parser's,
 * by position. For a binary file only the reader's findings are kept: parse findings on binary
 * junk are noise.
 */
export async function readPnsFile(path: string): Promise<{ text: string; file: PnsFile }> {
  const { text, diagnostics, binary } = await readTextFile(path);
  const file = parse(text);
  file.diagnostics = binary
    ? diagnostics
    : [...diagnostics, ...file.diagnostics].sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { text, file };
}
