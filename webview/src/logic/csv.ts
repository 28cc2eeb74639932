/**
 * CSV export of the curves: one row per (run, step), one column per metric. Text cells that a
 * spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) get a leading `'`, since run
 * names come from directory names anyone can choose.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) || text !== value ? `"${text.replace(/"/g, '""')}"` : text;
}

export function curvesCsv(
  runs: { label: string; steps: number[]; columns: Map<string, (number | null)[]> }[],
  metrics: string[],
): string {
  const lines = [["run", "step", ...metrics].map(csvCell).join(",")];
  for (const run of runs) {
    const cols = metrics.map((m) => run.columns.get(m));
    run.steps.forEach((step, i) => {
      lines.push([csvCell(run.label), csvCell(step), ...cols.map((c) => csvCell(c?.[i] ?? null))].join(","));
    });
  }
  return lines.join("\n") + "\n";
}
