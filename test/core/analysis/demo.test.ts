import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../../server/src/core/analysis/index";
import { defaultSettings } from "../../../server/src/core/config/index";
import { parse } from "../../../server/src/core/format/index";

/**
 * The planted faults of examples/demo.pns, as examples/README.md lists them: problem id and
 * 1-based sample number → the codes the analysis must report. Every other sample must be clean of
 * these codes ("everything not listed above is clean").
 */
const PLANTED: Record<string, string[]> = {
  // Plausible negatives with an arithmetic slip.
  "fractions-1#2": ["arithmetic-slip"],
  "fractions-2#2": ["arithmetic-slip"],
  "algebra-2#2": ["arithmetic-slip"],
  "algebra-3#2": ["arithmetic-slip"],
  "expressions-1#2": ["arithmetic-slip"],
  "intervals-2#2": ["arithmetic-slip"],
  "geometry-1#2": ["arithmetic-slip"],
  "number-theory-4#2": ["arithmetic-slip"],
  "sets-2#2": ["arithmetic-slip"],
  "sequences-2#2": ["arithmetic-slip"],
  "word-1#2": ["arithmetic-slip"],
  "word-2#2": ["arithmetic-slip"],
  "word-3#2": ["arithmetic-slip"],
  "word-3#3": ["arithmetic-slip", "duplicate-sample"],
  "word-4#2": ["arithmetic-slip"],
  "competition-2#3": ["arithmetic-slip"],
  // Implausible negatives (the truncated ones have no box either).
  "algebra-3#3": ["implausible-negative", "no-final-answer"],
  "intervals-3#3": ["implausible-negative", "no-final-answer"],
  "geometry-4#3": ["implausible-negative", "no-final-answer", "truncated"],
  "counting-1#3": ["implausible-negative", "no-final-answer", "repetition"],
  "probability-3#3": ["implausible-negative", "no-final-answer", "truncated"],
  "word-1#3": ["implausible-negative", "no-final-answer"],
  "word-5#3": ["implausible-negative", "no-final-answer"],
  // False negatives.
  "fractions-1#3": ["negative-correct"],
  "fractions-2#3": ["negative-correct"],
  "algebra-1#3": ["negative-correct"],
  "expressions-1#3": ["negative-correct"],
  "intervals-1#2": ["negative-correct"],
  "intervals-2#3": ["negative-correct"],
  "geometry-2#3": ["negative-correct"],
  "probability-1#3": ["negative-correct"],
  "probability-2#3": ["negative-correct"],
  "probability-3#2": ["negative-correct"],
  "sets-1#2": ["negative-correct"],
  "matrices-2#3": ["negative-correct"],
  "word-4#3": ["negative-correct"],
  // Mislabelled positives.
  "geometry-3#2": ["positive-incorrect"],
  "sequences-3#2": ["positive-incorrect"],
};

const CHECKED = new Set(Object.values(PLANTED).flat());

describe("examples/demo.pns", () => {
  const file = parse(readFileSync(path.resolve(__dirname, "../../../examples/demo.pns"), "utf8"));
  const analysis = analyzeFile(file, defaultSettings());

  it("parses cleanly", () => {
    expect(file.diagnostics).toEqual([]);
  });

  it("finds every planted fault and nothing else of those kinds", () => {
    const found: Record<string, string[]> = {};
    for (const f of analysis.findings) {
      if (f.sampleIndex === undefined || !CHECKED.has(f.code)) continue;
      const key = `${f.problemId}#${f.sampleIndex + 1}`;
      const codes = (found[key] ??= []);
      if (!codes.includes(f.code)) codes.push(f.code);
    }
    for (const codes of Object.values(found)) codes.sort();
    const expected = Object.fromEntries(Object.entries(PLANTED).map(([k, v]) => [k, [...v].sort()]));
    expect(found).toEqual(expected);
  });

  it("has no error-level finding outside the planted ones", () => {
    const errors = analysis.findings.filter((f) => f.severity === "error");
    for (const e of errors) expect(PLANTED[`${e.problemId}#${e.sampleIndex! + 1}`]).toContain(e.code);
  });

  it("gives every correctly labelled, well-formed negative a plausibility reward in [0, 1]", () => {
    for (const s of analysis.samples) {
      if (s.role !== "negative" || s.outcome !== "plausibility") continue;
      expect(s.composite).toBeGreaterThanOrEqual(0);
      expect(s.composite).toBeLessThanOrEqual(1);
    }
  });
});
