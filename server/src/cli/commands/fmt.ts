import { promises as fs } from "node:fs";
import * as path from "node:path";
import { type CliCommand, type CliIo, EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError } from "../command";
import {
  decodeText,
  parse,
  type ParseCode,
  type ParseDiagnostic,
  serialize,
  SYNTAX_CODES,
} from "../../core/format/index";
import { writeFileAtomic } from "../../node/atomicWrite";
import { parseCommandArgs } from "../args";

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

async function formatFile(io: CliIo, file: string, display: string, check: boolean): Promise<Outcome> {
  let bytes: Uint8Array;
  try {
    bytes = toBytes(await fs.readFile(file));
  } catch (error) {
    io.stderr.write(`pns fmt: cannot read ${display}: ${describe(error)}\n`);
    return EXIT_USAGE;
  }
  const canonical = canonicalize(io, bytes, display);
  if (canonical === undefined) return EXIT_DATA;
  if (canonical.unchanged) return EXIT_OK;
  io.stdout.write(`${display}\n`);
  if (check) return EXIT_DATA;
  try {
    await writeFileAtomic(file, canonical.text);
  } catch (error) {
    io.stderr.write(`pns fmt: cannot write ${display}: ${describe(error)}\n`);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

async function formatStdin(io: CliIo, check: boolean): Promise<Outcome> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : toBytes(chunk);
    chunks.push(bytes);
    size += bytes.length;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  const canonical = canonicalize(io, all, "<stdin>");
  if (canonical === undefined) return EXIT_DATA;
  if (check) {
    if (canonical.unchanged) return EXIT_OK;
    io.stdout.write("<stdin>\n");
    return EXIT_DATA;
  }
  io.stdout.write(canonical.text);
  return EXIT_OK;
}

/** The canonical text, or undefined (errors printed) when the file cannot be formatted safely. */
function canonicalize(
  io: CliIo,
  bytes: Uint8Array,
  display: string,
): { text: string; unchanged: boolean } | undefined {
  const decoded = decodeText(bytes);
  const blocking = (d: ParseDiagnostic) => SYNTAX_CODES.has(d.code as ParseCode);
  const errors = decoded.diagnostics.filter(blocking);
  // On a binary file the parser's findings are noise: the reader's one finding says it all.
  const tree = decoded.binary ? undefined : parse(decoded.text);
  if (tree) errors.push(...tree.diagnostics.filter(blocking));
  if (errors.length > 0 || !tree) {
    errors.sort((a, b) => a.range.start.offset - b.range.start.offset);
    for (const d of errors) io.stderr.write(formatDiagnostic(display, d));
    io.stderr.write(
      `pns fmt: ${display} not formatted: ${errors.length} error${errors.length === 1 ? "" : "s"}\n`,
    );
    return undefined;
  }
  const text = serialize(tree);
  return { text, unchanged: text === decoded.text };
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

/** A Buffer viewed as a plain Uint8Array (same memory). */
function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return code === "ENOENT" ? "no such file or directory" : message;
}
