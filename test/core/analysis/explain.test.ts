/**
 * An analysis without explanations (what the language server keeps for a whole file) has the same
 * findings, word for word, and the same numbers as the full analysis; only the reports' reasons
 * are left empty. Checked on the demo dataset, whose planted faults include implausible negatives
 * (their message quotes the weakest component's reason) and bad arithmetic.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeProblem } from "../../../server/src/core/analysis/index";
import { defaultSettings } from "../../../server/src/core/config/index";
import { parse } from "../../../server/src/core/format/index";

const file = parse(readFileSync(path.resolve(__dirname, "../../../examples/demo.pns"), "utf8"));

describe("analysis without explanations", () => {
  it("gives the same findings and numbers, with empty reasons", () => {
    const settings = defaultSettings();
    let implausible = 0;
    for (const problem of file.problems) {
      const full = analyzeProblem(problem, settings, undefined, { eol: file.eol });
      const brief = analyzeProblem(problem, settings, undefined, { eol: file.eol, explain: false });
      expect(brief.findings).toEqual(full.findings);
      implausible += full.findings.filter((f) => f.code === "implausible-negative").length;
      expect(brief.samples).toEqual(
        full.samples.map((r) => ({
          ...r,
          reason: "",
          components: r.components.map((c) => ({ ...c, reason: "" })),
        })),
      );
    }
    expect(implausible).toBeGreaterThan(0);
  });
});
