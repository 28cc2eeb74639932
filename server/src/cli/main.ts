import { commands } from "./commands/index";
import { type CliIo, EXIT_USAGE, UsageError } from "./command";
import { isCliAnalysisWorker, runCliAnalysisWorker } from "./analysisWorkers";

const VERSION = "0.1.0";

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: pns <command> [options]",
    "",
    "PNS Workbench: build and check preference datasets of plausible negative samples.",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `pns <command> --help` for a command's options.",
    "Exit codes: 0 success, 1 problems found in the data, 2 usage or I/O error.",
    "",
  ].join("\n");
}

/** Runs one `pns` invocation; exported so tests can drive the CLI in-process. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === "--version" || name === "-V") {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`pns: unknown command '${name}'\n\n${usage()}`);
    return EXIT_USAGE;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(command.help.endsWith("\n") ? command.help : `${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`pns ${name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** Process entry: real streams, exit code set on the process (never `process.exit`, so output flushes). */
export function main(): void {
  // `pns score big.pns | head` closes our stdout early: that is the reader's choice, not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `pns: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = EXIT_USAGE;
    },
  );
}

// The same bundle runs the analysis worker threads of lint and score (see analysisWorkers.ts).
if (isCliAnalysisWorker()) runCliAnalysisWorker();
else if (require.main === module) main();
