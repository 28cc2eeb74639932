// Loads the public case file and summarises results per kind (accuracy, false accepts, false rejects).
import { readFileSync } from "node:fs";
import path from "node:path";

export interface GraderCase {
  gold: string;
  pred: string;
  equal: boolean;
  kind: string;
  note?: string;
  gradable?: boolean;
  /** 1-based line in the case file. */
  line: number;
}

export const CASE_FILE = path.resolve(__dirname, "../../fixtures/grader/cases.jsonl");

export function loadCases(file = CASE_FILE): GraderCase[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => text.trim() !== "")
    .map(({ text, line }) => ({ ...(JSON.parse(text) as Omit<GraderCase, "line">), line }));
}

export interface KindStats {
  total: number;
  correct: number;
  falseAccepts: number;
  falseRejects: number;
}

export function summarise(
  results: { kind: string; expected: boolean; got: boolean }[],
): Map<string, KindStats> {
  const stats = new Map<string, KindStats>();
  for (const r of results) {
    const s = stats.get(r.kind) ?? { total: 0, correct: 0, falseAccepts: 0, falseRejects: 0 };
    s.total++;
    if (r.expected === r.got) s.correct++;
    else if (r.got) s.falseAccepts++;
    else s.falseRejects++;
    stats.set(r.kind, s);
  }
  return stats;
}

export function reportMarkdown(stats: Map<string, KindStats>): string {
  const rows = [...stats.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total = rows.reduce(
    (t, [, s]) => ({
      total: t.total + s.total,
      correct: t.correct + s.correct,
      falseAccepts: t.falseAccepts + s.falseAccepts,
      falseRejects: t.falseRejects + s.falseRejects,
    }),
    { total: 0, correct: 0, falseAccepts: 0, falseRejects: 0 },
  );
  const line = (name: string, s: KindStats): string =>
    `| ${name} | ${s.total} | ${((100 * s.correct) / s.total).toFixed(1)}% | ${s.falseAccepts} | ${s.falseRejects} |`;
  return [
    "| kind | cases | accuracy | false accepts | false rejects |",
    "|---|---:|---:|---:|---:|",
    ...rows.map(([k, s]) => line(k, s)),
    line("**all**", total),
    "",
  ].join("\n");
}
