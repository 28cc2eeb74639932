/**
 * What the Datasets view shows for one `.pns` file: problems with their sample counts (from the
 * directive lines, so no parse is needed for the counts) and the findings of `pns lint --format
 * json --local` (the engine's own findings, the same the editor shows) by severity and problem.
 * Pure: text and CLI output in, data out.
 */

export interface ProblemEntry {
  id: string;
  /** 0-based line of its `@problem` directive. */
  line: number;
  positives: number;
  negatives: number;
  /** 0-based lines of its sample directives, in order (index k is sample k, as `pns lint` numbers them). */
  samples: number[];
}

export type Severity = "error" | "warning" | "info";

export interface LintFinding {
  code: string;
  severity: Severity;
  message: string;
  /** 1-based, as `pns lint` prints them. */
  line: number;
  column: number;
  problemId?: string;
  sampleIndex?: number;
}

export interface LintedFile {
  /** As `pns lint` printed it: relative to the directory it ran in, or absolute. */
  file: string;
  findings: LintFinding[];
}

/**
 * Problems and their samples, from the directive lines. A body line that would start with `@`
 * is written `@@` (docs/format.md), so a line starting with `@problem ` is always a directive.
 */
export function scanProblems(text: string): ProblemEntry[] {
  const problems: ProblemEntry[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.charCodeAt(0) !== 64 /* @ */) continue;
    const directive = /^@(problem|positive|negative)(?=\s|$)\s*(\S*)/.exec(line);
    if (!directive) continue;
    if (directive[1] === "problem")
      problems.push({
        id: directive[2] || `(line ${i + 1})`,
        line: i,
        positives: 0,
        negatives: 0,
        samples: [],
      });
    else {
      const current = problems.at(-1);
      if (!current) continue;
      current[directive[1] === "positive" ? "positives" : "negatives"]++;
      current.samples.push(i);
    }
  }
  return problems;
}

/** `pns lint --format json` output, tolerant of anything else on stdout (it is a child process). */
export function parseLintJson(stdout: string): LintedFile[] {
  const start = stdout.indexOf("[");
  if (start < 0) return [];
  let value: unknown;
  try {
    value = JSON.parse(stdout.slice(start));
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    const e = entry as { file?: unknown; findings?: unknown };
    if (typeof e?.file !== "string" || !Array.isArray(e.findings)) return [];
    const findings = (e.findings as Record<string, unknown>[]).filter(
      (f) =>
        typeof f.code === "string" &&
        typeof f.line === "number" &&
        ["error", "warning", "info"].includes(String(f.severity)),
    ) as unknown as LintFinding[];
    return [{ file: e.file, findings }];
  });
}

export function countBySeverity(findings: readonly LintFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** `12 problems · 30 samples · 3 errors, 5 warnings, 2 info`. */
export function describeDataset(
  problems: readonly ProblemEntry[],
  findings: readonly LintFinding[] | undefined,
): string {
  const samples = problems.reduce((n, p) => n + p.positives + p.negatives, 0);
  const parts = [
    `${problems.length} problem${problems.length === 1 ? "" : "s"}`,
    `${samples} sample${samples === 1 ? "" : "s"}`,
  ];
  if (!findings) parts.push("linting…");
  else {
    const c = countBySeverity(findings);
    const counted = [
      c.error ? `${c.error} error${c.error === 1 ? "" : "s"}` : "",
      c.warning ? `${c.warning} warning${c.warning === 1 ? "" : "s"}` : "",
      c.info ? `${c.info} info` : "",
    ].filter(Boolean);
    parts.push(counted.length ? counted.join(", ") : "no findings");
  }
  return parts.join(" · ");
}

/** Findings of one problem, worst first; findings outside any problem go under `undefined`. */
export function findingsByProblem(findings: readonly LintFinding[]): Map<string | undefined, LintFinding[]> {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const out = new Map<string | undefined, LintFinding[]>();
  for (const f of findings) {
    const list = out.get(f.problemId) ?? [];
    list.push(f);
    out.set(f.problemId, list);
  }
  for (const list of out.values())
    list.sort((a, b) => rank[a.severity] - rank[b.severity] || a.line - b.line);
  return out;
}

/**
 * Several `.pns` files as one: the first file's header, then every file's body (its `@pns 1`
 * line dropped). Ids are kept as written, so a clash shows as `duplicate-id` in the result.
 */
export function mergeDatasets(texts: readonly string[]): string {
  const bodies = texts.map((text, i) => {
    const noBom = text.replace(/^\uFEFF/, "");
    const body = i === 0 ? noBom : noBom.replace(/^@pns[^\n]*\n?/, "");
    return body.endsWith("\n") ? body : `${body}\n`;
  });
  return bodies.join("\n");
}
