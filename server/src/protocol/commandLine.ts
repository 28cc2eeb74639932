/**
 * How a command line is written for people and shells: `pns run` prints the commands it runs and
 * writes them into sbatch scripts, and the editor's task terminal echoes the `pns` command it
 * starts. One quoting, so a line copied from either runs the same in a shell.
 */

/** Quoting for commands shown to people (`--dry-run`) and written into sbatch scripts. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(" ");
}
