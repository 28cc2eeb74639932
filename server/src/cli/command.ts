import type { CliIo } from "../io/processIo";

// Commands take the process I/O from the I/O layer (the job runner takes it too).
export type { CliIo };

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

export const EXIT_OK = 0;
export const EXIT_DATA = 1;
export const EXIT_USAGE = 2;

/** Thrown for bad arguments or unreadable input: main prints the message and exits 2. */
export class UsageError extends Error {}
