import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import type { JsonlRecord } from "./jsonl";

/** Parquet files start and end with these four bytes. */
const MAGIC = "PAR1";

/**
 * A row whose JSON form is longer than this is refused with an error (and skipped): a dataset
 * row is a problem and its solutions, kilobytes; megabytes mean a wrong column (images, a
 * whole document) that would only bloat the `.pns` file.
 */
export const MAX_ROW_CHARS = 8 * 1024 * 1024;

export function isParquetPath(file: string): boolean {
  return /\.parquet$/i.test(file);
}

/**
 * The rows of a Parquet file as the JSONL reader yields them (`line` = the row's number, from 1),
 * so `pns import` reads both the same way. Row group by row group, so memory holds one group.
 * Values become what JSON would hold: 64-bit integers numbers (strings past 2^53), timestamps ISO
 * strings, nested lists and structs arrays and objects (the shapes then treat them as JSONL
 * columns: TRL message lists are read, other lists and objects are skipped with a warning).
 * Binary columns cannot be text: they are an error, naming the column, and left out of the row.
 */
export async function* readParquetRecords(
  file: string,
  maxRowChars = MAX_ROW_CHARS,
): AsyncGenerator<JsonlRecord> {
  const buffer = await asyncBufferFromFile(file);
  const head = new TextDecoder().decode(await buffer.slice(0, 4));
  if (buffer.byteLength < 12 || head !== MAGIC)
    throw new ParquetError(`${file} is not a Parquet file (no PAR1 header)`);
  let metadata;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw new ParquetError(`${file}: cannot read the Parquet metadata: ${(error as Error).message}`);
  }
  let rowStart = 0;
  const binaryReported = new Set<string>();
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      // utf8: false: columns annotated as strings are still text; unannotated byte arrays stay bytes.
      rows = await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, utf8: false });
    } catch (error) {
      throw new ParquetError(`${file}: rows ${rowStart + 1}-${rowEnd}: ${(error as Error).message}`);
    }
    for (let i = 0; i < rows.length; i++) {
      const line = rowStart + i + 1;
      const binary: string[] = [];
      const value: Record<string, unknown> = {};
      for (const [key, raw] of Object.entries(rows[i])) {
        if (raw instanceof Uint8Array) binary.push(key);
        else value[key] = plain(raw);
      }
      const text = JSON.stringify(value);
      if (text.length > maxRowChars) {
        yield {
          line,
          text: "",
          error: {
            column: 1,
            code: "row-too-large",
            message: `row ${line} is ${(text.length / 1048576).toFixed(1)} MB as JSON, over the ${maxRowChars / 1048576} MB limit for one row: a column holds something other than text (drop it before importing)`,
          },
        };
        continue;
      }
      const fresh = binary.filter((key) => !binaryReported.has(key));
      if (fresh.length > 0) {
        fresh.forEach((key) => binaryReported.add(key));
        yield {
          line,
          text: "",
          error: {
            column: 1,
            code: "binary-column",
            message: `binary column${fresh.length > 1 ? "s" : ""} ${fresh.map((k) => `'${k}'`).join(", ")} cannot be text: left out of every row`,
          },
        };
      }
      yield { line, text, value, invalidUtf8: text.includes("\uFFFD") };
    }
    rowStart = rowEnd;
  }
}

export class ParquetError extends Error {}

/** A decoded Parquet value as JSON would hold it. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint")
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return null;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v);
    return out;
  }
  return value === undefined ? null : value;
}

/**
 * Training rows as one Parquet file (snappy, one column per key, in the first row's key order).
 * Only string columns: TRL reads `prompt`/`chosen`/`rejected` strings from Parquet the same as
 * from JSONL. A row whose value is not a string (conversational message lists, the nested
 * lossless form) is refused: write JSONL for those.
 */
export function rowsToParquet(rows: ReadonlyArray<Record<string, unknown>>): Uint8Array {
  const names = rows.length > 0 ? Object.keys(rows[0]) : [];
  const columns = names.map((name) => {
    const data = rows.map((row, i) => {
      const value = row[name];
      if (typeof value !== "string")
        throw new ParquetError(
          `column '${name}' of row ${i + 1} is ${Array.isArray(value) ? "a list" : typeof value}, not text: Parquet export writes string columns only (drop --conversational, or write JSONL)`,
        );
      return value;
    });
    return { name, data, type: "STRING" as const, nullable: false };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData: columns }));
}
