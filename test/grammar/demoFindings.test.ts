// The demo exists to show the linter at work, so its findings are part of its contract:
// every fault planted and listed in examples/README.md is found, with the codes the README names,
// and the samples left clean stay free of errors and warnings (infos are hints, not faults).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../server/src/core/analysis/index";
import { defaultSettings } from "../../server/src/core/config/index";
import { parse } from "../../server/src/core/format/index";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const file = parse(readFileSync(path.join(root, "examples/demo.pns"), "utf8"));
const readme = readFileSync(path.join(root, "examples/README.md"), "utf8");
const analysis = analyzeFile(file, defaultSettings());

/** `problem#sample` (1-based, as in the README) → the codes found on that sample. */
const found = new Map<string, { code: string; severity: string }[]>();
for (const finding of analysis.findings) {
  if (finding.problemId === undefined || finding.sampleIndex === undefined) continue;
  const key = `${finding.problemId}#${finding.sampleIndex + 1}`;
  found.set(key, [...(found.get(key) ?? []), { code: finding.code, severity: finding.severity }]);
}

/** The codes each README table promises for its rows; implausible rows also name codes in their text. */
const sectionCodes: [RegExp, string[]][] = [
  [/^plausible negatives with an arithmetic slip/, ["arithmetic-slip"]],
  [/^plausible negatives with a reasoning error/, []],
  [/^implausible negatives/, ["implausible-negative"]],
  [/^false negatives/, ["negative-correct"]],
  [/^mislabelled positives/, ["positive-incorrect"]],
];

function promised(): Map<string, Set<string>> {
  const expected = new Map<string, Set<string>>();
  let codes: string[] | undefined;
  for (const line of readme.split("\n")) {
    if (line.startsWith("#### ")) {
      const heading = line.slice(5).toLowerCase();
      codes = sectionCodes.find(([pattern]) => pattern.test(heading))?.[1];
      continue;
    }
    const cells = line.split("|").map((cell) => cell.trim());
    if (!codes || cells.length < 4 || !/^\d+(, \d+)*$/.test(cells[2] ?? "")) continue;
    const named = [...(cells[3] ?? "").matchAll(/\(`([a-z-]+)`(?:, `([a-z-]+)`)?\)/g)].flatMap((m) =>
      [m[1], m[2]].filter((c): c is string => c !== undefined),
    );
    for (const position of cells[2].split(", ")) {
      expected.set(`${cells[1]}#${position}`, new Set([...codes, ...named]));
    }
  }
  // The duplicate is listed in prose: the second copy carries the finding.
  expected.set("word-3#3", new Set([...(expected.get("word-3#3") ?? []), "duplicate-sample"]));
  return expected;
}

describe("findings on examples/demo.pns", () => {
  const expected = promised();

  it("reads the README's promises", () => {
    expect(expected.size).toBeGreaterThan(50);
    expect(expected.get("geometry-4#3")).toEqual(
      new Set(["implausible-negative", "truncated", "no-final-answer"]),
    );
  });

  it("finds every planted fault with the codes the README names", () => {
    const missing: string[] = [];
    for (const [key, codes] of expected) {
      const codesFound = new Set((found.get(key) ?? []).map((f) => f.code));
      for (const code of codes) if (!codesFound.has(code)) missing.push(`${key}: ${code}`);
    }
    expect(missing).toEqual([]);
  });

  it("raises no error or warning anywhere else", () => {
    const unexpected = analysis.findings
      .filter((f) => f.severity === "error" || f.severity === "warning")
      .filter((f) => {
        if (f.problemId === undefined || f.sampleIndex === undefined) return true;
        return !expected.get(`${f.problemId}#${f.sampleIndex + 1}`)?.has(f.code);
      })
      .map((f) => `${f.problemId ?? "file"}#${(f.sampleIndex ?? -1) + 1} ${f.code}: ${f.message}`);
    expect(unexpected).toEqual([]);
  });
});
