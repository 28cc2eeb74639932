import { promises as fs } from "node:fs";
import { type CliCommand, type CliIo, EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError } from "../command";
import { CanonicalWriter, type Comment, type Problem } from "../../core/format/index";
import {
  DatasetImporter,
  detectShape,
  type ImportOptions,
  type RowIssue,
  scanJson,
  type Shape,
  shapeByName,
  shapes,
} from "../../core/interop/index";
import { AtomicFile } from "../../io/atomicWrite";
import { type JsonlRecord, readJsonl } from "../../io/jsonl";
import { isParquetPath, ParquetError, readParquetRecords } from "../../io/parquet";
import { TextSpool } from "../../io/spool";
import { parseCommandArgs } from "../args";
import { Output } from "../output";

/** JSON rows examined to detect a file's shape when `--from` is not given. */
const DETECTION_ROWS = 20;
/** Messages printed before the rest are only counted (a binary file would print one per line). */
const MAX_MESSAGES = 50;

const HELP = `Usage: pns import <file|-> [-o out.pns] [--from gsm8k|math|trl|pns-jsonl] [--strip-calculator]

Converts a JSONL or Parquet (*.parquet: the Hugging Face hub's format) dataset into a .pns file. The shape is detected from the first rows
(and named on stderr) unless --from forces it:

  gsm8k      {question, answer}: gold after "####", the worked solution becomes a positive
  math       {problem, solution, level?, type?}: gold is the last \\boxed{} of the solution
             (or an "answer" column); the solution becomes a positive
  trl        {prompt, chosen, rejected}, strings or lists of {role, content}: rows with the same
             prompt become one problem; chosen -> positive, rejected -> negative
  pns-jsonl  {id, problem, answer, meta, samples}: the lossless form \`pns export --format jsonl\` writes

Options:
  -o, --output <file>   write the .pns file here (atomically); default: stdout
  --from <shape>        skip detection and read every row as this shape
  --strip-calculator    gsm8k: remove <<48/2=24>> calculator annotations (default: keep them)

Ids come from an "id" column (mapped onto [A-Za-z0-9_.:/-]) or from a hash of the problem text
(gsm8k-3f2a9c1b); a taken id gets -2, -3, ... in input order. Every bad line is reported as
file:line:col and skipped; the rest is imported. See docs/interop.md.

Examples:
  pns import gsm8k_test.jsonl -o gsm8k.pns
  pns import math500.jsonl --from math -o math500.pns
  cat pairs.jsonl | pns import - > pairs.pns

Exit codes: 0 imported (warnings allowed), 1 some lines were bad (the rest is written),
2 usage or I/O error.
`;

interface Options {
  input: string;
  output: string | undefined;
  shape: Shape | undefined;
  importOptions: ImportOptions;
}

function parseOptions(argv: string[]): Options {
  const parsed = parseCommandArgs(argv, {
    output: { type: "string", short: "o" },
    from: { type: "string" },
    "strip-calculator": { type: "boolean" },
  });
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError("expected one input file (or - for stdin); see --help");
  const shape = values.from === undefined ? undefined : shapeByName(values.from);
  if (values.from !== undefined && !shape) {
    throw new UsageError(`unknown --from '${values.from}'; expected ${shapes.map((s) => s.name).join(", ")}`);
  }
  return {
    input: positionals[0],
    output: values.output === "-" ? undefined : values.output,
    shape,
    importOptions: { stripCalculator: values["strip-calculator"] ?? false },
  };
}

/** Prints `file:line:col: severity: message [code]`, up to {@link MAX_MESSAGES}, and counts errors. */
class Reporter {
  errors = 0;
  warnings = 0;
  private printed = 0;

  constructor(
    private readonly io: CliIo,
    private readonly name: string,
  ) {}

  report(line: number, column: number, issue: Pick<RowIssue, "severity" | "code" | "message">): void {
    if (issue.severity === "error") this.errors++;
    else this.warnings++;
    if (this.printed++ < MAX_MESSAGES) {
      this.io.stderr.write(
        `${this.name}:${line}:${column}: ${issue.severity}: ${issue.message} [${issue.code}]\n`,
      );
    }
  }

  /** A row issue: the column of the field it names, found by scanning the line. */
  rowIssue(record: { line: number; text: string }, issue: RowIssue): void {
    const offset =
      issue.field === undefined ? undefined : scanJson(record.text).topLevelKeys.get(issue.field);
    this.report(record.line, (offset ?? 0) + 1, issue);
  }

  finish(): void {
    if (this.printed > MAX_MESSAGES) {
      this.io.stderr.write(`pns import: ... ${this.printed - MAX_MESSAGES} more messages not shown\n`);
    }
  }
}

type ParsedRecord = Extract<JsonlRecord, { value: unknown }>;

export const importCommand: CliCommand = {
  name: "import",
  summary: "Import JSONL (GSM8K, MATH, TRL preference rows, PNS JSONL) into a .pns file",
  help: HELP,
  async run(argv, io) {
    const options = parseOptions(argv);
    const name = options.input === "-" ? "<stdin>" : options.input;
    const reporter = new Reporter(io, name);
    let importer: DatasetImporter | undefined =
      options.shape && new DatasetImporter(options.shape, options.importOptions);
    const pending: ParsedRecord[] = [];
    // Problems no later row can change are written out as they come (all of them, for a shape
    // without groups): memory holds the open problems, not the file.
    const body = new ImportBody();

    const feed = (record: ParsedRecord, into: DatasetImporter): void => {
      if (record.invalidUtf8) {
        const column = record.text.indexOf("\uFFFD") + 1 || 1;
        reporter.report(record.line, column, {
          severity: "error",
          code: "invalid-utf8",
          message: "bytes that are not UTF-8, replaced by U+FFFD",
        });
      }
      for (const issue of into.add(record.value, record.line)) reporter.rowIssue(record, issue);
      body.problems(into.release());
    };
    const detect = (): DatasetImporter | undefined => {
      const rows = pending.flatMap((r) => (isObject(r.value) ? [r.value] : []));
      const detection = detectShape(rows);
      if (!detection) return undefined;
      io.stderr.write(
        `pns import: ${name}: detected shape ${detection.shape.name} (${detection.matched} of the first ${detection.examined} rows)\n`,
      );
      const created = new DatasetImporter(detection.shape, options.importOptions);
      for (const record of pending.splice(0)) feed(record, created);
      return created;
    };

    try {
      return await importInto();
    } finally {
      body.dispose();
    }

    async function importInto(): Promise<number> {
      try {
        // Parquet (the hub's format) yields the same records as JSONL: row number for line.
        const records = isParquetPath(options.input)
          ? readParquetRecords(options.input)
          : readJsonl(await openInput(options.input, io));
        let first = true;
        for await (const record of records) {
          // NUL bytes cannot occur in JSON text: on the first line they mean a binary or UTF-16
          // file, and one clear message beats fifty JSON errors.
          if (first && "error" in record && record.text.includes("\u0000")) {
            reporter.report(record.line, record.text.indexOf("\u0000") + 1, {
              severity: "error",
              code: "binary-file",
              message: "NUL bytes: this is a binary or UTF-16 file, not UTF-8 JSON Lines",
            });
            reporter.finish();
            return EXIT_DATA;
          }
          first = false;
          if ("error" in record) {
            reporter.report(record.line, record.error.column, {
              severity: "error",
              code: record.error.code ?? "invalid-json",
              message: record.error.message,
            });
            continue;
          }
          if (importer) {
            feed(record, importer);
          } else {
            pending.push(record);
            if (pending.length >= DETECTION_ROWS) {
              importer = detect();
              if (!importer) break; // no known shape in the first rows: reading on would not help
            }
          }
        }
      } catch (error) {
        if (error instanceof ParquetError) {
          reporter.finish();
          io.stderr.write(`pns import: ${error.message}\n`);
          return EXIT_DATA;
        }
        if (!isIoError(error)) throw error;
        reporter.finish();
        io.stderr.write(`pns import: cannot read ${name}: ${error.message}\n`);
        return EXIT_USAGE;
      }
      importer ??= detect();
      if (!importer) {
        reporter.finish();
        const known = shapes.map((s) => s.name).join(", ");
        const why =
          pending.length > 0
            ? `none of the first ${pending.length} JSON rows has the fields of a known shape (${known}); use --from to read them as one`
            : reporter.errors > 0
              ? "no line is valid JSON"
              : "no rows to import (the input is empty)";
        io.stderr.write(`pns import: ${name}: ${why}\n`);
        return EXIT_DATA;
      }

      const { file, issues } = importer.finish();
      for (const issue of issues) reporter.report(issue.line, 1, issue);
      reporter.finish();
      body.problems(file.problems);
      try {
        await body.publish(options.output, io, file.headerComments, file.trailingComments);
      } catch (error) {
        io.stderr.write(
          `pns import: cannot write ${options.output}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        return EXIT_USAGE;
      }
      const { stats } = importer;
      const dropped =
        stats.duplicateSamples > 0 ? ` (${stats.duplicateSamples} duplicate responses dropped)` : "";
      io.stderr.write(
        `pns import: ${stats.rows} rows -> ${stats.problems} problems, ${stats.samples} samples${dropped}; ` +
          `${reporter.errors} errors, ${reporter.warnings} warnings${options.output ? `; wrote ${options.output}` : ""}\n`,
      );
      return reporter.errors > 0 ? EXIT_DATA : EXIT_OK;
    }
  },
};

/**
 * The problems of an import in canonical form, written as they are released and kept in a spool:
 * the header goes before them but is only known at the end (a row may bring file comments), and
 * nothing reaches the output before the import is complete.
 */
class ImportBody {
  private readonly writer = new CanonicalWriter("\n");
  // Spilled past 4 MB: a big import holds a few megabytes of output, not all of it.
  private readonly spool = new TextSpool(4 << 20);

  constructor() {
    // Written with the real comments at the end; this leaves the writer where a header leaves it.
    this.writer.header({ bom: false, version: 1, headerComments: [] });
    this.writer.take();
  }

  problems(problems: readonly Problem[]): void {
    if (problems.length === 0) return;
    for (const problem of problems) this.writer.problem(problem);
    this.spool.push(this.writer.take());
  }

  /** Writes header, problems and end to `output` (atomically) or to stdout. */
  async publish(
    output: string | undefined,
    io: CliIo,
    headerComments: Comment[],
    trailingComments: Comment[],
  ): Promise<void> {
    const header = new CanonicalWriter("\n");
    header.header({ bom: false, version: 1, headerComments });
    this.writer.end(trailingComments);
    const pieces = async function* (spool: TextSpool, end: string): AsyncGenerator<string> {
      yield header.take();
      yield* spool.chunks();
      yield end;
    };
    const all = pieces(this.spool, this.writer.take());
    if (output === undefined) {
      const out = new Output(io.stdout, 1 << 20);
      for await (const text of all) await out.write(text);
      await out.flush();
      return;
    }
    const file = await AtomicFile.create(output);
    try {
      for await (const text of all) await file.write(text);
    } catch (error) {
      await file.abort();
      throw error;
    }
    await file.commit();
  }

  dispose(): void {
    this.spool.dispose();
  }
}

/** A system error from reading (ENOENT, EISDIR, EACCES, ...), as opposed to a bug in the import. */
function isIoError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The input as a byte stream; opening first turns a missing file into a clear I/O error. */
async function openInput(input: string, io: CliIo): Promise<AsyncIterable<Uint8Array | string>> {
  if (input === "-") return io.stdin as AsyncIterable<Uint8Array | string>;
  const handle = await fs.open(input, "r");
  return handle.createReadStream({ highWaterMark: 1 << 20 });
}
