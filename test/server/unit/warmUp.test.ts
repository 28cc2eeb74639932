/**
 * The workers' warm-up problem is a well-formed problem that goes through the analysis paths a
 * real dataset takes (answers, boxes, arithmetic claims, a wrong negative), and warming up stays
 * within its time budget.
 */
import { describe, expect, it } from "vitest";
import { analyzeProblem } from "../../../server/src/core/analysis/index";
import { defaultSettings } from "../../../server/src/core/config/defaults";
import { WARM_UP_SEGMENT, warmUp } from "../../../server/src/lsp/analysis/warmUp";
import { parseSegment } from "../../../server/src/lsp/document/parseSegment";

describe("worker warm-up", () => {
  it("analyses a well-formed problem with boxes, claims and a wrong negative", () => {
    const parsed = parseSegment(WARM_UP_SEGMENT, false, false);
    expect(parsed.diagnostics).toEqual([]);
    const [problem] = parsed.problems;
    expect(problem.samples.map((s) => s.role)).toEqual(["positive", "negative", "negative"]);
    const analysis = analyzeProblem(problem, defaultSettings());
    expect(analysis.samples.map((s) => s.verdict.extracted)).toEqual(["75", "65", "105"]);
    const codes = analysis.findings.map((f) => f.code);
    expect(codes).toContain("arithmetic-slip");
    expect(codes).not.toContain("positive-incorrect");
  });

  it("stops within its time budget", () => {
    // Rounds of 5 ms: without the budget all 150 would run.
    let rounds = 0;
    warmUp(() => {
      rounds++;
      const until = performance.now() + 5;
      while (performance.now() < until);
    });
    expect(rounds).toBeGreaterThan(0);
    expect(rounds).toBeLessThanOrEqual(17);
  });
});
