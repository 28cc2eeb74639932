/** The Datasets view's pure parts over the real demo file and the real `pns lint --format json`. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  countBySeverity,
  describeDataset,
  findingsByProblem,
  mergeDatasets,
  parseLintJson,
  scanProblems,
} from "../../client/src/home/datasets/datasetSummary";

const ROOT = path.resolve(__dirname, "..", "..");
const demo = path.join(ROOT, "examples", "demo.pns");

describe("scanProblems", () => {
  it("counts the demo's 40 problems and 104 samples, with each sample's line", () => {
    const problems = scanProblems(readFileSync(demo, "utf8"));
    expect(problems).toHaveLength(40);
    expect(problems.reduce((n, p) => n + p.positives + p.negatives, 0)).toBe(104);
    const lines = readFileSync(demo, "utf8").split("\n");
    for (const p of problems) {
      expect(lines[p.line].startsWith(`@problem ${p.id}`)).toBe(true);
      for (const line of p.samples) expect(lines[line]).toMatch(/^@(positive|negative)\b/);
    }
  });

  it("ignores escaped body lines, comments and samples before any problem", () => {
    const text =
      "@pns 1\n@negative stray\n@problem a\nQ\n@answer 1\n@positive\n@@problem not-a-directive\n@# @negative\n@negative\n";
    expect(scanProblems(text)).toEqual([{ id: "a", line: 2, positives: 1, negatives: 1, samples: [5, 8] }]);
  });
});

describe("lint findings", () => {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, "bin", "pns.js"), "lint", demo, "--format", "json", "--local"],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  const files = parseLintJson(result.stdout);

  it("parses the CLI's JSON: one file, findings with severities and problem ids", () => {
    expect(files).toHaveLength(1);
    const counts = countBySeverity(files[0].findings);
    expect(counts.error).toBeGreaterThan(0);
    expect(counts.warning).toBeGreaterThan(0);
    expect(files[0].findings.every((f) => f.line >= 1)).toBe(true);
  });

  it("groups findings by problem, worst first", () => {
    const byProblem = findingsByProblem(files[0].findings);
    const fractions = byProblem.get("fractions-1") ?? [];
    expect(fractions.map((f) => f.code)).toContain("negative-correct");
    expect(fractions[0].severity).toBe("error");
  });

  it("describes a file in one line", () => {
    const problems = scanProblems(readFileSync(demo, "utf8"));
    expect(describeDataset(problems, files[0].findings)).toMatch(
      /^40 problems · 104 samples · \d+ errors, \d+ warnings, \d+ info$/,
    );
    expect(describeDataset(problems, undefined)).toBe("40 problems · 104 samples · linting…");
    expect(describeDataset([], [])).toBe("0 problems · 0 samples · no findings");
  });

  it("survives output that is not JSON", () => {
    expect(parseLintJson("pns lint: cannot read x.pns")).toEqual([]);
    expect(parseLintJson('[{"file": 3}]')).toEqual([]);
  });
});

describe("mergeDatasets", () => {
  it("keeps one header and every body", () => {
    const merged = mergeDatasets(["@pns 1\n@problem a\nQ\n", "\uFEFF@pns 1\n@problem b\nR"]);
    expect(merged).toBe("@pns 1\n@problem a\nQ\n\n@problem b\nR\n");
    expect(scanProblems(merged).map((p) => p.id)).toEqual(["a", "b"]);
  });
});
