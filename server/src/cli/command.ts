/** The shape every `pns` subcommand implements; `main.ts` dispatches on `name`. */
export interface CliCommand {
  name: string;
  /** One line for `pns --help`. */
  summary: string;
  /** Full text for `pns <name> --help`: usage line, options, examples. */
  help: string;
  /** Returns the process exit code: 0 success, 1 problems found in the data, 2 usage or I/O error. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Standard streams and environment, injected so tests can run commands in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const EXIT_OK = 0;
export const EXIT_DATA = 1;
export const EXIT_USAGE = 2;

/** Thrown for bad arguments or unreadable input: main prints the message and exits 2. */
export class UsageError extends Error {}
