import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./command";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * `node:util` parseArgs with positionals allowed and strict option checking, where a bad option
 * becomes a {@link UsageError} (exit 2 with the message) instead of an internal error.
 */
export function parseCommandArgs<const O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
