// The public case file: every line asserted, plus a per-kind report of accuracy, false accepts
// and false rejects (printed and written to .test-artifacts/grader-report.md).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gradeResponse } from "../../../server/src/core/grader/index";
import { loadCases, reportMarkdown, summarise } from "./caseFile";

const cases = loadCases();
const results: { kind: string; expected: boolean; got: boolean }[] = [];
let slowest = { ms: 0, line: 0 };

describe("public grader case file", () => {
  it("has at least 300 cases with equal and unequal ones for every kind", () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    for (const kind of new Set(cases.map((c) => c.kind))) {
      const ofKind = cases.filter((c) => c.kind === kind);
      expect(
        ofKind.some((c) => c.equal),
        `${kind} has an equal case`,
      ).toBe(true);
      expect(
        ofKind.some((c) => !c.equal),
        `${kind} has an unequal case`,
      ).toBe(true);
    }
  });

  it.each(
    cases.map(
      (c) => [`line ${c.line} [${c.kind}] ${c.gold.slice(0, 40)} vs ${c.pred.slice(0, 40)}`, c] as const,
    ),
  )("%s", (_name, c) => {
    const start = performance.now();
    const v = gradeResponse(c.gold, c.pred);
    const ms = performance.now() - start;
    if (ms > slowest.ms) slowest = { ms, line: c.line };
    results.push({ kind: c.kind, expected: c.equal, got: v.equal });
    expect(v.equal, `${v.rule}: ${v.reason}`).toBe(c.equal);
    if (c.gradable !== undefined) expect(v.gradable, v.reason).toBe(c.gradable);
    expect(v.reason.length).toBeGreaterThan(0);
    expect(v.gold.raw).toBe(c.gold);
  });

  afterAll(() => {
    const report = [
      "# Grader public case file",
      "",
      `${results.length} cases from test/fixtures/grader/cases.jsonl; slowest single comparison ` +
        `${slowest.ms.toFixed(2)} ms (line ${slowest.line}, includes first-use warm-up).`,
      "",
      reportMarkdown(summarise(results)),
    ].join("\n");
    const dir = path.resolve(__dirname, "../../../.test-artifacts");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "grader-report.md"), report);
    console.log(report);
  });
});
