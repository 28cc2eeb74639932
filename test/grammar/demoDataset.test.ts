// The demo dataset (examples/demo.pns) is what newcomers open first and what the end-to-end tests
// assert on, so it must stay canonical, complete, and planted exactly as examples/README.md says.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  parse,
  serialize,
  type PnsFile,
  type Problem,
  type Sample,
} from "../../server/src/core/format/index";
import { gradeResponse } from "../../server/src/core/grader/index";
import { loadPnsGrammar, tokenizeText, type TokenizedLine } from "./harness";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const demoPath = path.join(root, "examples/demo.pns");
const readmePath = path.join(root, "examples/README.md");
const text = readFileSync(demoPath, "utf8");
const file: PnsFile = parse(text);

const kindOf = (sample: Sample): string | undefined => sample.meta.find((m) => m.key === "kind")?.value;
const where = (problem: Problem, index: number): string => `${problem.id} sample ${index + 1}`;

/** Every sample with its problem and 1-based position, the way README.md refers to them. */
const samples = file.problems.flatMap((problem) =>
  problem.samples.map((sample, index) => ({ problem, sample, index, kind: kindOf(sample) })),
);

describe("examples/demo.pns", () => {
  it("parses without a single finding", () => {
    expect(
      file.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`),
    ).toEqual([]);
    expect(file.hasHeader).toBe(true);
  });

  it("is in canonical form: serialize(parse(text)) === text", () => {
    expect(serialize(file)).toBe(text);
  });

  it("has at least 30 problems, each with a gold answer and a correct solution", () => {
    expect(file.problems.length).toBeGreaterThanOrEqual(30);
    for (const problem of file.problems) {
      expect(problem.answer?.text, problem.id).toBeTruthy();
      const correct = problem.samples.filter((s) => s.role === "positive" && kindOf(s) === undefined);
      expect(correct.length, problem.id).toBeGreaterThanOrEqual(1);
      for (const sample of correct) expect(sample.body.text, problem.id).toMatch(/\\boxed\{/);
    }
  });

  it("plants every kind of negative, a mislabelled positive, and labels nothing else", () => {
    const count = (role: string, kind: string) =>
      samples.filter((s) => s.sample.role === role && s.kind === kind).length;
    expect(count("negative", "plausible")).toBeGreaterThanOrEqual(20);
    expect(count("negative", "implausible")).toBeGreaterThanOrEqual(4);
    expect(count("negative", "false-negative")).toBeGreaterThanOrEqual(8);
    expect(count("positive", "mislabelled")).toBeGreaterThanOrEqual(1);
    for (const { problem, sample, index, kind } of samples) {
      const allowed =
        sample.role === "negative"
          ? ["plausible", "implausible", "false-negative"]
          : [undefined, "mislabelled"];
      expect(allowed, where(problem, index)).toContain(kind);
    }
  });

  it("ends plausible negatives in a boxed answer and leaves implausible ones without one", () => {
    for (const { problem, sample, index, kind } of samples) {
      if (kind === "plausible") expect(sample.body.text, where(problem, index)).toMatch(/\\boxed\{/);
      if (kind === "implausible") expect(sample.body.text, where(problem, index)).not.toMatch(/\\boxed/);
    }
  });

  // The labels are promises about grading: a correct solution or a false negative that the grader
  // rejects (or a planted wrong answer it accepts) would make the demo teach the wrong lesson.
  it("grades as labelled: positives and false negatives equal the gold answer, the rest do not", () => {
    const wrong: string[] = [];
    for (const { problem, sample, index, kind } of samples) {
      const verdict = gradeResponse(problem.answer!.text, sample.body.text);
      const shouldEqual = kind === "false-negative" || (sample.role === "positive" && kind === undefined);
      if (verdict.equal !== shouldEqual) {
        wrong.push(
          `${where(problem, index)} (${kind ?? sample.role}): ${verdict.extracted} vs ${problem.answer!.text}`,
        );
      }
    }
    expect(wrong).toEqual([]);
  });

  it("highlights with no invalid token and every directive recognised", async () => {
    const lines: TokenizedLine[] = tokenizeText(await loadPnsGrammar(), text);
    const invalid = lines.flatMap((line, n) =>
      line.tokens
        .filter((t) => t.scopes.some((s) => s.startsWith("invalid.")))
        .map((t) => `${n + 1}: ${t.text}`),
    );
    expect(invalid).toEqual([]);
    lines.forEach((line, n) => {
      if (/^@(pns|problem|answer|positive|negative)\b/.test(line.text)) {
        expect(
          line.tokens[0].scopes.some((s) => s.startsWith("keyword.control.directive.")),
          `line ${n + 1}`,
        ).toBe(true);
      }
    });
  });
});

describe("examples/README.md", () => {
  let rows: { section: string; id: string; positions: number[] }[] = [];
  beforeAll(() => {
    // Table rows under each "#### heading": | problem | sample | ... with sample "2" or "2, 3".
    let section = "";
    rows = [];
    for (const line of readFileSync(readmePath, "utf8").split("\n")) {
      if (line.startsWith("#### ")) section = line.slice(5).toLowerCase();
      const cells = line.split("|").map((cell) => cell.trim());
      if (section && cells.length > 3 && /^\d+(, \d+)*$/.test(cells[2] ?? "")) {
        rows.push({ section, id: cells[1], positions: cells[2].split(", ").map(Number) });
      }
    }
  });

  const headings: Record<string, RegExp> = {
    "false-negative": /^false negatives/,
    mislabelled: /^mislabelled positives/,
    implausible: /^implausible negatives/,
    plausible: /^plausible negatives/,
  };

  it("lists exactly the planted samples, each under the heading of its kind", () => {
    const listed = new Set(rows.flatMap((row) => row.positions.map((p) => `${row.section}|${row.id}|${p}`)));
    const planted = samples.filter((s) => s.kind !== undefined);
    for (const { problem, index, kind } of planted) {
      const heading = headings[kind!];
      const found = [...listed].some((key) => {
        const [section, id, position] = key.split("|");
        return heading.test(section) && id === problem.id && Number(position) === index + 1;
      });
      expect(found, `${where(problem, index)} (${kind}) is not listed in examples/README.md`).toBe(true);
    }
    expect(rows.reduce((n, row) => n + row.positions.length, 0)).toBe(planted.length);
  });
});
