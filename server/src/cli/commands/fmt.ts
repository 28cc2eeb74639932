import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pipeline } from "node:stream/promises";
import { type CliCommand, type CliIo, EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError } from "../command";
import { CanonicalWriter, type ParseCode, type ParseDiagnostic, SYNTAX_CODES } from "../../core/format/index";
import { SameText } from "../../core/stream/sameText";
import { AtomicFile } from "../../io/atomicWrite";
import { openPnsStream, type PnsStream } from "../../io/pnsStream";
import { parseCommandArgs } from "../args";
import { Output } from "../output";

const HELP = `Usage: pns fmt [--check] <file|dir|->...

Rewrites .pns files in the canonical form of docs/format.md: the '@pns 1' header, one blank line
after every body, the answer before the samples, metadata quoted only where needed, the file's
dominant line end throughout. Text in bodies is never changed. A directory is searched for
*.pns files. A file is rewritten atomically (temp file, then rename) and only when it changes.

A file with syntax errors (an unknown directive, text before the first @problem or below a
one-line @answer, bad metadata, invalid UTF-8, binary content) is left as it is: rewriting it
would change what it says. Its errors are printed as file:line:col and the other files are
still formatted. Errors in the data (a missing answer, a duplicate id) do not stop formatting;
'pns lint' reports them.

Options:
  --check       write nothing; print the files that are not canonical, exit 1 if there are any
  -             read stdin and write the canonical form to stdout
                (with --check: write nothing, exit 1 if stdin is not canonical)

Output: the path of each file rewritten (or, with --check, not canonical), one per line.

Exit codes: 0 every file canonical or rewritten, 1 a file has syntax errors or (--check) is
not canonical, 2 usage or I/O error.

Examples:
  pns fmt examples/demo.pns
  pns fmt --check data/
  pns import gsm8k.jsonl | pns fmt - > gsm8k.pns
`;

/** What happened to one input; the exit code is the worst of them. */
type Outcome = typeof EXIT_OK | typeof EXIT_DATA | typeof EXIT_USAGE;

export const fmtCommand: CliCommand = {
  name: "fmt",
  summary: "Rewrite .pns files in canonical form (--check to verify only)",
  help: HELP,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, { check: { type: "boolean" } });
    const check = parsed.values.check ?? false;
    const inputs = parsed.positionals;
    if (inputs.length === 0)
      throw new UsageError("expected files or directories to format (or - for stdin); see --help");
    let worst: Outcome = EXIT_OK;
    for (const input of inputs) {
      const outcomes = input === "-" ? [await formatStdin(io, check)] : await formatPath(io, input, check);
      for (const outcome of outcomes) worst = Math.max(worst, outcome) as Outcome;
    }
    return worst;
  },
};

async function formatPath(io: CliIo, input: string, check: boolean): Promise<Outcome[]> {
  const target = path.resolve(io.cwd, input);
  let files: string[];
  try {
    const stat = await fs.stat(target);
    files = stat.isDirectory() ? await findPnsFiles(target) : [target];
  } catch (error) {
    io.stderr.write(`pns fmt: cannot read ${input}: ${describe(error)}\n`);
    return [EXIT_USAGE];
  }
  const outcomes: Outcome[] = [];
  for (const file of files) {
    const display = file === target ? input : path.join(input, path.relative(target, file));
    outcomes.push(await formatFile(io, file, display, check));
  }
  return outcomes;
}

/** Where the canonical text goes: a temp file renamed over the target, or nowhere (--check). */
interface Sink {
  write(text: string): Promise<void>;
}

/**
 * Streams one file through the parser and the canonical writer, a problem at a time. Syntax
 * errors are printed as they are found (and writing stops); returns how many there were and
 * whether the canonical form equals the file.
 */
async function canonicalize(
  io: CliIo,
  stream: PnsStream,
  display: string,
  sink: Sink | undefined,
): Promise<{ errors: number; unchanged: boolean }> {
  const writer = new CanonicalWriter(stream.parser.eol);
  const same = new SameText();
  let errors = 0;
  for await (const parsed of stream.segments) {
    for (const d of parsed.diagnostics) {
      if (!SYNTAX_CODES.has(d.code as ParseCode)) continue;
      errors++;
      io.stderr.write(formatDiagnostic(display, d));
    }
    // After an error the rest is still read, for its errors, but nothing more is written.
    if (errors > 0) continue;
    const { file } = parsed;
    if (parsed.segment.index === 0) writer.header(stream.parser.header!);
    if (file.preamble) writer.preamble(file.preamble);
    for (const problem of file.problems) writer.problem(problem);
    if (parsed.atEnd) writer.end(file.trailingComments);
    const text = writer.take();
    same.pushA(text);
    same.pushB(parsed.segment.text);
    if (sink) await sink.write(text);
  }
  if (errors > 0) {
    io.stderr.write(`pns fmt: ${display} not formatted: ${errors} error${errors === 1 ? "" : "s"}\n`);
  }
  return { errors, unchanged: same.equal };
}

async function formatFile(io: CliIo, file: string, display: string, check: boolean): Promise<Outcome> {
  let stream: PnsStream;
  try {
    stream = await openPnsStream(file);
  } catch (error) {
    io.stderr.write(`pns fmt: cannot read ${display}: ${describe(error)}\n`);
    return EXIT_USAGE;
  }
  let target: AtomicFile | undefined;
  // A file that is already canonical needs no write: a read-only folder is only an error when
  // the file must change.
  let cannotWrite: unknown;
  try {
    if (!check) target = await AtomicFile.create(file);
  } catch (error) {
    cannotWrite = error;
  }
  let result: { errors: number; unchanged: boolean };
  try {
    result = await canonicalize(io, stream, display, target);
  } catch (error) {
    await target?.abort();
    if (!isIoError(error)) throw error;
    io.stderr.write(
      `pns fmt: cannot ${target && error.syscall === "write" ? "write" : "read"} ${display}: ${describe(error)}\n`,
    );
    return EXIT_USAGE;
  }
  if (result.errors > 0 || result.unchanged) {
    await target?.abort();
    return result.errors > 0 ? EXIT_DATA : EXIT_OK;
  }
  io.stdout.write(`${display}\n`);
  if (check) return EXIT_DATA;
  if (!target) {
    io.stderr.write(`pns fmt: cannot write ${display}: ${describe(cannotWrite)}\n`);
    return EXIT_USAGE;
  }
  try {
    await target.commit();
  } catch (error) {
    io.stderr.write(`pns fmt: cannot write ${display}: ${describe(error)}\n`);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

/** Standard input is spooled to a temp file first: the reader makes two passes. */
async function formatStdin(io: CliIo, check: boolean): Promise<Outcome> {
  const dir = await fs.mkdtemp(path.join(tmpdir(), "pns-fmt-"));
  try {
    const input = path.join(dir, "stdin.pns");
    await pipeline(io.stdin, createWriteStream(input, { mode: 0o600 }));
    const stream = await openPnsStream(input);
    const output = path.join(dir, "canonical.pns");
    const handle = check ? undefined : await fs.open(output, "w", 0o600);
    let result: { errors: number; unchanged: boolean };
    try {
      result = await canonicalize(io, stream, "<stdin>", handle && { write: (t) => handle.writeFile(t) });
    } finally {
      await handle?.close();
    }
    if (result.errors > 0) return EXIT_DATA;
    if (check) {
      if (result.unchanged) return EXIT_OK;
      io.stdout.write("<stdin>\n");
      return EXIT_DATA;
    }
    const out = new Output(io.stdout);
    for await (const chunk of createReadStream(output, { encoding: "utf8", highWaterMark: 1 << 20 })) {
      await out.write(chunk as string);
    }
    await out.flush();
    return EXIT_OK;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** A system error (ENOENT, ENOSPC, EACCES, ...), as opposed to a bug. */
function isIoError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}

function formatDiagnostic(display: string, d: ParseDiagnostic): string {
  const { line, character } = d.range.start;
  return `${display}:${line + 1}:${character + 1}: ${d.severity}: ${d.message} [${d.code}]\n`;
}

/** Every *.pns file under a directory, in a stable order; dot-folders and node_modules skipped. */
async function findPnsFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith(".") && entry.name !== "node_modules")
        found.push(...(await findPnsFiles(full)));
    } else if (entry.isFile() && entry.name.endsWith(".pns")) found.push(full);
  }
  return found;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return code === "ENOENT" ? "no such file or directory" : message;
}
