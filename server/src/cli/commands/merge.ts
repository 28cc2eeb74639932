import { serialize } from "../../core/format/index";
import { type MergeInput, type MergeIssue, mergeFiles } from "../../core/interop/index";
import { writeFileAtomic } from "../../io/atomicWrite";
import { readPnsFile } from "../../io/readPnsFile";
import { parseCommandArgs } from "../args";
import { type CliCommand, EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError } from "../command";

const HELP = `Usage: pns merge <a.pns> <b.pns> [more.pns…] [-o out.pns|-]

Joins .pns files into one: problems by id (in order of first appearance), samples deduplicated
by role and text (whitespace collapsed; the first occurrence is kept). For example the samples of
\`pns run sample\` with a curated dataset, before \`pns export --format trl-dpo\`.

  -o, --output <file>   write here (atomically: a temp file, then rename); - or no -o: stdout

What differs between the inputs:
  gold answers (unequal as text and by the grader), problem statements
                        errors, each with both file:line:col; exit 1 and nothing is written
  a gold answer in one input only
                        taken from the input that has it
  metadata              union of the keys; the first input's value of a key wins (a warning
                        names both); a dropped duplicate's extra keys go to the kept sample
  one text as positive and as negative
                        both kept, with a warning
  comments              the first input's header comments, every input's own comments

Inputs with parse errors are refused (fix them first: \`pns lint\`). See docs/interop.md.

Exit codes: 0 merged, 1 a conflict or a parse error (nothing written), 2 usage or I/O error.
`;

/** At most this many warnings are printed one by one; the rest are counted. */
const MAX_WARNINGS = 50;

export const mergeCommand: CliCommand = {
  name: "merge",
  summary: "Join .pns files: problems by id, samples deduplicated, conflicting golds refused",
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { output: { type: "string", short: "o" } });
    if (positionals.length < 2) throw new UsageError("expected two or more .pns files; see --help");
    const output = values.output === "-" ? undefined : values.output;

    const inputs: MergeInput[] = [];
    let parseErrors = 0;
    for (const name of positionals) {
      let file;
      try {
        ({ file } = await readPnsFile(name));
      } catch (error) {
        io.stderr.write(`pns merge: cannot read ${name}: ${(error as Error).message}\n`);
        return EXIT_USAGE;
      }
      for (const d of file.diagnostics.filter((x) => x.severity === "error")) {
        parseErrors++;
        const { line, character } = d.range.start;
        io.stderr.write(`${name}:${line + 1}:${character + 1}: error: ${d.message} [${d.code}]\n`);
      }
      inputs.push({ name, file });
    }
    if (parseErrors > 0) {
      io.stderr.write(`pns merge: ${parseErrors} parse error(s); nothing written\n`);
      return EXIT_DATA;
    }

    const { file, issues, counts } = mergeFiles(inputs);
    const errors = issues.filter((i) => i.severity === "error");
    const warnings = issues.filter((i) => i.severity === "warning");
    for (const issue of errors) io.stderr.write(describe(issue));
    for (const issue of warnings.slice(0, MAX_WARNINGS)) io.stderr.write(describe(issue));
    if (warnings.length > MAX_WARNINGS)
      io.stderr.write(`pns merge: ${warnings.length - MAX_WARNINGS} more warning(s) not shown\n`);
    if (errors.length > 0) {
      io.stderr.write(`pns merge: ${errors.length} conflict(s); nothing written\n`);
      return EXIT_DATA;
    }

    const text = serialize(file);
    try {
      if (output === undefined) io.stdout.write(text);
      else await writeFileAtomic(output, text);
    } catch (error) {
      io.stderr.write(`pns merge: cannot write ${output}: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(
      `pns merge: ${counts.files} files, ${counts.problemsIn} problems -> ${counts.problems} ` +
        `(${counts.joinedProblems} joined), ${counts.samplesIn} samples -> ${counts.samples} ` +
        `(${counts.duplicateSamples} duplicates dropped); ${warnings.length} warning(s)` +
        `${output === undefined ? "" : `; wrote ${output}`}\n`,
    );
    return EXIT_OK;
  },
};

/** The first location carries the message; the second says where the other side is. */
function describe(issue: MergeIssue): string {
  const [first, ...others] = issue.locations;
  const where = (l: { name: string; line: number; column: number }) => `${l.name}:${l.line}:${l.column}`;
  const lines = [`${where(first)}: ${issue.severity}: ${issue.message} [${issue.code}]\n`];
  for (const other of others) lines.push(`${where(other)}: note: the other side is here\n`);
  return lines.join("");
}
