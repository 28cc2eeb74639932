import type { Finding } from "../../core/analysis/index";
import { analyzeFiles, type AnalyzedFile } from "../analyzeFiles";
import { type CliCommand, type CliIo, EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError } from "../command";
import { parseCommandArgs } from "../args";

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
  --local              never call the judge or reward model, even when configured
  --remote             call them in CI too: when the CI variable is set, lint is --local unless
                       --remote is given, so a pull request's pns.config.json cannot make CI call
                       an endpoint it chose (docs/security.md)

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
function shown(file: AnalyzedFile, quiet: boolean): Finding[] {
  return file.analysis.findings.filter((f) => f.severity !== "hint" && (!quiet || f.severity === "error"));
}

const oneLine = (message: string): string => message.replace(/\s*\n\s*/g, " ");

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function writeText(io: CliIo, files: AnalyzedFile[], quiet: boolean): void {
  const rows: string[][] = [];
  for (const file of files) {
    for (const f of shown(file, quiet)) {
      rows.push([
        `${file.display}:${f.range.start.line + 1}:${f.range.start.character + 1}`,
        f.severity,
        oneLine(f.message),
        f.code,
      ]);
    }
  }
  const w0 = Math.max(0, ...rows.map((r) => r[0].length));
  const w1 = Math.max(0, ...rows.map((r) => r[1].length));
  for (const [where, severity, message, code] of rows) {
    io.stdout.write(`${where.padEnd(w0)}  ${severity.padEnd(w1)}  ${message}  ${code}\n`);
  }
  const count = (s: string) => rows.filter((r) => r[1] === s).length;
  const errors = count("error");
  const warnings = count("warning");
  const infos = count("info");
  if (rows.length === 0) {
    io.stdout.write(`✓ no problems in ${plural(files.length, "file")}\n`);
  } else {
    io.stdout.write(
      `\n✖ ${plural(rows.length, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")}, ${infos} info) in ${plural(files.length, "file")}\n`,
    );
  }
}

function writeJson(io: CliIo, files: AnalyzedFile[], quiet: boolean): void {
  const out = files.map((file) => {
    const findings = shown(file, quiet);
    return {
      file: file.display,
      errorCount: findings.filter((f) => f.severity === "error").length,
      warningCount: findings.filter((f) => f.severity === "warning").length,
      findings: findings.map((f) => ({
        code: f.code,
        severity: f.severity,
        message: f.message,
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
        ...(f.problemId !== undefined ? { problemId: f.problemId } : {}),
        ...(f.sampleIndex !== undefined ? { sampleIndex: f.sampleIndex } : {}),
      })),
    };
  });
  io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

export const lintCommand: CliCommand = {
  name: "lint",
  summary: "Report findings with stable codes; exit 1 on errors",
  help: HELP,
  async run(argv, io) {
    const args = parse(argv);
    // A CliFailure (bad config, unreadable file list) is a UsageError: runCli reports it, exit 2.
    if (args.local && args.remote) throw new UsageError("--local and --remote contradict each other");
    const inCi = runningInCi(io.env);
    const result = await analyzeFiles(args.files, io, {
      config: args.config,
      local: args.local || (inCi && !args.remote),
      ...(!args.local && inCi && !args.remote
        ? { localReason: "CI is set (pass --remote to call them)" }
        : {}),
      command: "lint",
    });
    const { files, failed } = result;
    if (args.format === "json") writeJson(io, files, args.quiet);
    else writeText(io, files, args.quiet);
    if (failed) return EXIT_USAGE;
    const all = files.flatMap((f) => shown(f, args.quiet));
    const errors = all.filter((f) => f.severity === "error").length;
    const warnings = all.filter((f) => f.severity === "warning").length;
    if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
      io.stderr.write(
        `pns lint: ${plural(warnings, "warning")}, more than --max-warnings ${args.maxWarnings}\n`,
      );
      return EXIT_DATA;
    }
    return errors > 0 ? EXIT_DATA : EXIT_OK;
  },
};

/** The `CI` variable as CI services set it (`true`, `1`, a name); `false`/`0`/empty mean no. */
export function runningInCi(env: Record<string, string | undefined>): boolean {
  const value = (env.CI ?? "").trim().toLowerCase();
  return value !== "" && value !== "false" && value !== "0";
}
