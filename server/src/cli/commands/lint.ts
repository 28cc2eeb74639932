import type { FileAnalysis, Finding } from "../../core/analysis/index";
import { LineSpool } from "../../io/spool";
import { type AnalysisVisitor, analyzeFiles, type StreamedFile } from "../analyzeFiles";
import { Output } from "../output";
import { writePrettyWithList } from "../prettyJson";
import { type CliCommand, EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError } from "../command";
import { parseCommandArgs } from "../args";
import { REMOTE_FLAGS_HELP, remoteGate } from "../remoteGate";

/** Re-exported for the tests that check how CI is read. */
export { runningInCi } from "../remoteGate";

const HELP = `Usage: pns lint <files or directories...> [--format text|json] [--max-warnings N] [--quiet] [--config FILE] [--local | --remote]

Reports the findings of the reward engine for .pns files, ESLint-style, with stable codes
(docs/reward.md lists them): parse errors, format rules (no-final-answer, truncated,
repetition, ...), positive-incorrect, negative-correct, arithmetic-slip, implausible-negative,
duplicate-sample, short-negative. A directory stands for every .pns file below it.

Options:
  --format text|json   text (default): "file:line:col  severity  message  code" and a summary;
                       json: one object per file with its findings (1-based line and column)
  --max-warnings N     also exit 1 when there are more than N warnings
  --quiet              report errors only
  --config FILE        use this pns.config.json (default: the nearest one above each file)
${REMOTE_FLAGS_HELP}

Severities come from the config's "rules" (e.g. {"truncated": "error", "repetition": "off"});
suppress in the file with "@# pns-disable-next-sample <code>" above a sample or
"@# pns-disable <code>" in the header. Hints are editor-only and not printed.

Exit codes: 0 no errors, 1 an error-level finding (or too many warnings), 2 usage, I/O or config error.

Examples:
  pns lint examples/demo.pns
  pns lint data/*.pns --format json --max-warnings 0
`;

function parse(argv: string[]) {
  const parsed = parseCommandArgs(argv, {
    format: { type: "string", default: "text" },
    "max-warnings": { type: "string" },
    quiet: { type: "boolean", default: false },
    config: { type: "string" },
    local: { type: "boolean", default: false },
    remote: { type: "boolean", default: false },
  });
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError("no files given (try: pns lint examples/demo.pns)");
  if (values.format !== "text" && values.format !== "json") {
    throw new UsageError(`--format must be text or json, got '${values.format}'`);
  }
  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    maxWarnings = Number(values["max-warnings"]);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) {
      throw new UsageError(`--max-warnings must be a non-negative integer, got '${values["max-warnings"]}'`);
    }
  }
  return {
    files: positionals,
    format: values.format,
    maxWarnings,
    quiet: values.quiet === true,
    config: values.config,
    local: values.local === true,
    remote: values.remote === true,
  };
}

/** The findings a run prints: hints are for the editor; --quiet keeps errors only. */
function shown(findings: readonly Finding[], quiet: boolean): Finding[] {
  return findings.filter((f) => f.severity !== "hint" && (!quiet || f.severity === "error"));
}

const oneLine = (message: string): string => message.replace(/\s*\n\s*/g, " ");

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Counts of what was printed, for the summary and the exit code. */
interface Tally {
  errors: number;
  warnings: number;
  infos: number;
}

/**
 * The text report: one row per finding, columns padded to the widest over the whole run, so rows
 * wait in a spool (on disk past a limit) until the last file is read.
 */
class TextReport implements AnalysisVisitor {
  readonly tally: Tally = { errors: 0, warnings: 0, infos: 0 };
  private readonly rows = new LineSpool();
  private w0 = 0;
  private w1 = 0;

  constructor(private readonly quiet: boolean) {}

  segment(file: StreamedFile, analysis: FileAnalysis): Promise<void> {
    for (const f of shown(analysis.findings, this.quiet)) {
      const where = `${file.display}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
      this.w0 = Math.max(this.w0, where.length);
      this.w1 = Math.max(this.w1, f.severity.length);
      count(this.tally, f);
      this.rows.push(JSON.stringify([where, f.severity, oneLine(f.message), f.code]));
    }
    return Promise.resolve();
  }

  endFile(): Promise<void> {
    return Promise.resolve();
  }

  async write(out: Output, files: number): Promise<void> {
    const total = this.rows.count;
    for await (const entry of this.rows.entries()) {
      const [where, severity, message, code] = JSON.parse(entry) as string[];
      await out.write(`${where.padEnd(this.w0)}  ${severity.padEnd(this.w1)}  ${message}  ${code}\n`);
    }
    const { errors, warnings, infos } = this.tally;
    if (total === 0) {
      await out.write(`✓ no problems in ${plural(files, "file")}\n`);
    } else {
      await out.write(
        `\n✖ ${plural(total, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")}, ${infos} info) in ${plural(files, "file")}\n`,
      );
    }
  }

  dispose(): void {
    this.rows.dispose();
  }
}

/** The JSON report: one object per file, its counts before its findings, written as each file ends. */
class JsonReport implements AnalysisVisitor {
  readonly tally: Tally = { errors: 0, warnings: 0, infos: 0 };
  private findings = new LineSpool();
  private file: Tally = { errors: 0, warnings: 0, infos: 0 };
  private files = 0;

  constructor(
    private readonly out: Output,
    private readonly quiet: boolean,
  ) {}

  segment(_file: StreamedFile, analysis: FileAnalysis): Promise<void> {
    for (const f of shown(analysis.findings, this.quiet)) {
      count(this.tally, f);
      count(this.file, f);
      this.findings.push(
        JSON.stringify({
          code: f.code,
          severity: f.severity,
          message: f.message,
          line: f.range.start.line + 1,
          column: f.range.start.character + 1,
          endLine: f.range.end.line + 1,
          endColumn: f.range.end.character + 1,
          ...(f.problemId !== undefined ? { problemId: f.problemId } : {}),
          ...(f.sampleIndex !== undefined ? { sampleIndex: f.sampleIndex } : {}),
        }),
      );
    }
    return Promise.resolve();
  }

  async endFile(file: StreamedFile): Promise<void> {
    await this.out.write(this.files === 0 ? "[\n  " : ",\n  ");
    const head = { file: file.display, errorCount: this.file.errors, warningCount: this.file.warnings };
    await writePrettyWithList(this.out, head, "findings", this.findings.entries(), this.findings.count, 2);
    this.files++;
    this.findings = new LineSpool();
    this.file = { errors: 0, warnings: 0, infos: 0 };
  }

  async finish(): Promise<void> {
    await this.out.write(this.files === 0 ? "[]\n" : "\n]\n");
  }

  dispose(): void {
    this.findings.dispose();
  }
}

function count(tally: Tally, f: Finding): void {
  if (f.severity === "error") tally.errors++;
  else if (f.severity === "warning") tally.warnings++;
  else if (f.severity === "info") tally.infos++;
}

export const lintCommand: CliCommand = {
  name: "lint",
  summary: "Report findings with stable codes; exit 1 on errors",
  help: HELP,
  async run(argv, io) {
    const args = parse(argv);
    const gate = remoteGate(args, io.env);
    const out = new Output(io.stdout);
    const report = args.format === "json" ? new JsonReport(out, args.quiet) : new TextReport(args.quiet);
    try {
      // A CliFailure (bad config, unreadable file list) is a UsageError: runCli reports it, exit 2.
      const { files, failed } = await analyzeFiles(
        args.files,
        io,
        {
          config: args.config,
          ...gate,
          command: "lint",
          findingsOnly: true,
        },
        report,
      );
      if (report instanceof JsonReport) await report.finish();
      else await report.write(out, files);
      await out.flush();
      if (failed) return EXIT_USAGE;
    } finally {
      report.dispose();
    }
    const { errors, warnings } = report.tally;
    if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
      io.stderr.write(
        `pns lint: ${plural(warnings, "warning")}, more than --max-warnings ${args.maxWarnings}\n`,
      );
      return EXIT_DATA;
    }
    return errors > 0 ? EXIT_DATA : EXIT_OK;
  },
};
