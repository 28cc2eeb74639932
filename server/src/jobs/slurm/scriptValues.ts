import { shellQuote } from "../../protocol/commandLine";

/**
 * Values that go into a rendered script (shell lines and `#SBATCH` lines) come from the command
 * line, the working directory and config paths: none of them may change what the script does.
 * Shell words are single-quoted; `#SBATCH` values are quoted the way sbatch reads them; a control
 * character (a newline would start a new command or directive) is refused with the value's name.
 */
export class ScriptValueError extends Error {}

// C0 controls, DEL and C1 controls: none belongs in a path, a partition name or an option.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Throws when `value` holds a control character; `what` names it for the message. */
export function checkScriptValue(what: string, value: string): void {
  const match = CONTROL.exec(value);
  if (!match) return;
  const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  throw new ScriptValueError(
    `${what} contains a control character (U+${code}) at position ${match.index + 1}: ` +
      `it cannot be written into a job script safely; rename it or pass another value (${JSON.stringify(value)})`,
  );
}

/** A checked, single-quoted shell word. */
export function shellWord(what: string, value: string): string {
  checkScriptValue(what, value);
  return shellQuote(value);
}

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * A value in a `#SBATCH` line. sbatch splits these lines at blanks outside quotes, strips one pair
 * of single or double quotes and treats a backslash as an escape (checked against Slurm 22.05); it
 * never expands `$` or backticks. So: plain values as they are, others in the quotes they do not
 * contain; a backslash, or both kinds of quote, cannot be written and is refused.
 */
export function sbatchValue(what: string, value: string): string {
  checkScriptValue(what, value);
  if (PLAIN.test(value)) return value;
  if (!value.includes("\\")) {
    if (!value.includes("'")) return `'${value}'`;
    if (!value.includes('"')) return `"${value}"`;
  }
  throw new ScriptValueError(
    `${what} cannot be written into a #SBATCH line: ${value.includes("\\") ? "it contains a backslash" : "it contains both kinds of quote"} (${JSON.stringify(value)})`,
  );
}

/** `--name=value` or `--name` (from `--sbatch`), with the value quoted for a `#SBATCH` line. */
export function sbatchOption(what: string, option: string): string {
  checkScriptValue(what, option);
  const match = /^(--?[A-Za-z][A-Za-z0-9-]*)(?:=([\s\S]*))?$/.exec(option);
  if (!match)
    throw new ScriptValueError(
      `${what} must be an sbatch option such as --qos=high, got ${JSON.stringify(option)}`,
    );
  const [, name, value] = match;
  return value === undefined ? name : `${name}=${sbatchValue(what, value)}`;
}
