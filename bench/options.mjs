// Command-line options of the bench scripts: `--name value` and `--flag`, read the same way
// everywhere, with a clear error for a missing or non-numeric value instead of a NaN figure.

/** The value after `name` (e.g. "--rounds"), or `fallback` when the option is not given. */
export function option(name, fallback, argv = process.argv) {
  const at = argv.indexOf(name);
  if (at === -1) return fallback;
  const value = argv[at + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`${name} needs a value`);
  return value;
}

/** A numeric option: `fallback` when absent, an error when its value is not a number. */
export function numberOption(name, fallback, argv = process.argv) {
  const value = option(name, undefined, argv);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number))
    throw new Error(`${name} needs a number, got "${value}"`);
  return number;
}

/** Whether `name` (e.g. "--prebuilt") is on the command line. */
export function flag(name, argv = process.argv) {
  return argv.includes(name);
}
