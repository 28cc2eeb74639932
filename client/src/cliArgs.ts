/**
 * The `pns` command lines the client runs for export and import, kept free of `vscode` so the
 * contract tests can run them against the real CLI.
 */

/** Pairing strategies of `pns export --format trl-dpo --pairing` (see `pns export --help`). */
export const PAIRING_STRATEGIES = ["each-negative", "all-pairs", "per-problem-cap"] as const;
export type PairingStrategyId = (typeof PAIRING_STRATEGIES)[number];

/** Row shapes of `pns import --from`; `auto` leaves the detection to the CLI. */
export const IMPORT_SHAPES = ["auto", "gsm8k", "math", "trl", "pns-jsonl"] as const;
export type ImportShape = (typeof IMPORT_SHAPES)[number];

export function exportArgs(
  input: string,
  strategy: PairingStrategyId,
  output: string,
  cap?: number,
): string[] {
  const args = ["export", input, "--format", "trl-dpo", "--pairing", strategy];
  if (strategy === "per-problem-cap" && cap !== undefined) args.push("--max-pairs-per-problem", String(cap));
  return [...args, "-o", output];
}

export function importArgs(input: string, shape: ImportShape, output: string): string[] {
  const args = ["import", input, "-o", output];
  return shape === "auto" ? args : [...args, "--from", shape];
}
