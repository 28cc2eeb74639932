import { describe, expect, it } from "vitest";
import { DatasetImporter, detectShape, shapeByName } from "../../../server/src/core/interop/index";
import { serialize } from "../../../server/src/core/format/index";

function importRows(shapeName: string, rows: unknown[]) {
  const importer = new DatasetImporter(shapeByName(shapeName)!);
  const issues = rows.flatMap((row, i) =>
    importer.add(row, i + 1).map((issue) => ({ ...issue, line: i + 1 })),
  );
  const finished = importer.finish();
  return { ...finished, issues: [...issues, ...finished.issues], stats: importer.stats };
}

describe("detectShape", () => {
  it.each([
    [[{ question: "q", answer: "#### 1" }], "gsm8k"],
    [[{ problem: "p", solution: "s" }], "math"],
    [[{ prompt: "p", chosen: "c", rejected: "r" }], "trl"],
    [[{ chosen: [], rejected: [] }], "trl"],
    [[{ id: "a", problem: "p", answer: "1", samples: [] }], "pns-jsonl"],
    [[{ problem: "p", solution: "s", samples: [] }], "pns-jsonl"],
  ])("%j is %s", (rows, name) => {
    expect(detectShape(rows)?.shape.name).toBe(name);
  });

  it("goes by the majority of the examined rows", () => {
    const rows = [
      { problem: "p", solution: "s" },
      { question: "q", answer: "a" },
      { question: "q2", answer: "a" },
    ];
    expect(detectShape(rows)).toMatchObject({ matched: 2, examined: 3, shape: { name: "gsm8k" } });
  });

  it("returns null when nothing matches", () => {
    expect(detectShape([{ text: "x" }])).toBeNull();
    expect(detectShape([])).toBeNull();
  });
});

describe("DatasetImporter", () => {
  it("groups TRL rows by prompt, keeps first-seen order and drops identical responses", () => {
    const { file, stats } = importRows("trl", [
      { prompt: "P1", chosen: "good \\boxed{1}", rejected: "bad A" },
      { prompt: "P2", chosen: "x \\boxed{2}", rejected: "y" },
      { prompt: "P1", chosen: "good \\boxed{1}", rejected: "bad B" },
      { prompt: "P1", chosen: "other good", rejected: "bad A" },
    ]);
    expect(file.problems.map((p) => p.statement.text)).toEqual(["P1", "P2"]);
    expect(file.problems[0].samples.map((s) => `${s.role}:${s.body.text}`)).toEqual([
      "positive:good \\boxed{1}",
      "negative:bad A",
      "negative:bad B",
      "positive:other good",
    ]);
    expect(stats).toMatchObject({ rows: 4, problems: 2, samples: 6, duplicateSamples: 2 });
  });

  it("lets a later answer column win over a gold read from a box, and warns on conflicting columns", () => {
    const { file, issues } = importRows("trl", [
      { prompt: "P", chosen: "\\boxed{0.5}", rejected: "r1" },
      { prompt: "P", chosen: "c", rejected: "r2", answer: "\\frac{1}{2}" },
      { prompt: "P", chosen: "c", rejected: "r3", answer: "1/2" },
    ]);
    expect(file.problems[0].answer?.text).toBe("\\frac{1}{2}");
    expect(issues).toMatchObject([{ code: "conflicting-answer", line: 3 }]);
    expect(issues[0].message).toContain("on line 2");
  });

  it("warns when one response is chosen for a prompt and rejected elsewhere for the same prompt", () => {
    const { issues } = importRows("trl", [
      { prompt: "P", chosen: "A \\boxed{1}", rejected: "B" },
      { prompt: "P", chosen: "B", rejected: "C" },
    ]);
    expect(issues).toMatchObject([{ code: "conflicting-roles", field: "chosen", line: 2 }]);
  });

  it("reports missing-answer once per grouped problem, at its first line", () => {
    const { issues, file } = importRows("trl", [
      { prompt: "Name a prime", chosen: "23", rejected: "21" },
      { prompt: "Name a prime", chosen: "29", rejected: "27" },
    ]);
    expect(issues).toMatchObject([{ code: "missing-answer", line: 1, severity: "warning" }]);
    expect(file.problems[0].answer).toBeUndefined();
  });

  it("gives stable content ids, sanitized source ids and deterministic collision suffixes", () => {
    const rows = [
      { question: "Same text", answer: "#### 1" },
      { question: "Same text", answer: "#### 2" },
      { id: "row 7", question: "Q7", answer: "#### 7" },
      { id: "row-7", question: "Q8", answer: "#### 8" },
      { id: 12, question: "Q12", answer: "#### 12" },
    ];
    const first = importRows("gsm8k", rows);
    const again = importRows("gsm8k", rows);
    const ids = first.file.problems.map((p) => p.id);
    expect(ids).toEqual([
      expect.stringMatching(/^gsm8k-[0-9a-f]{8}$/),
      `${ids[0]}-2`,
      "row-7",
      "row-7-2",
      "12",
    ]);
    expect(again.file.problems.map((p) => p.id)).toEqual(ids);
    expect(first.issues.map((i) => [i.line, i.code])).toEqual([
      [2, "duplicate-id"],
      [3, "renamed-id"],
      [4, "duplicate-id"],
    ]);
    expect(first.issues[0].message).toContain("already used by line 1");
  });

  it("reports a column warning for the first row only", () => {
    const rows = [1, 2, 3].map((i) => ({ question: `Q${i}`, answer: `#### ${i}`, messages: [] }));
    const { issues } = importRows("gsm8k", rows);
    expect(issues.map((i) => [i.line, i.code])).toEqual([[1, "skipped-column"]]);
    expect(issues[0].message).toContain("first row only");
  });

  it("reports rows that are not objects and counts them as bad", () => {
    const { issues, stats } = importRows("gsm8k", [[1], "text", null]);
    expect(issues.map((i) => i.code)).toEqual(["not-an-object", "not-an-object", "not-an-object"]);
    expect(stats.badRows).toBe(3);
  });

  it("writes canonical .pns text for the tree it builds", () => {
    const { file } = importRows("gsm8k", [{ question: "What is 1+1?", answer: "1+1=<<1+1=2>>2\n#### 2" }]);
    expect(serialize(file)).toBe(
      "@pns 1\n\n@problem gsm8k-" +
        file.problems[0].id.slice(6) +
        " source=gsm8k\nWhat is 1+1?\n\n@answer 2\n@positive kind=reference\n1+1=<<1+1=2>>2\n",
    );
  });

  it("releases each problem of a shape without groups after its row, the same problems a whole import gives", () => {
    const rows = [1, 2, 3].map((i) => ({ problem: `P${i}`, solution: i === 2 ? "no box" : `\\boxed{${i}}` }));
    const streamed = new DatasetImporter(shapeByName("math")!);
    const released = rows.map((row, i) => {
      streamed.add(row, i + 1);
      return streamed.release().map((p) => p.id);
    });
    expect(released.map((ids) => ids.length)).toEqual([1, 1, 1]);
    expect(streamed.release()).toEqual([]);
    const rest = streamed.finish();
    expect(rest.file.problems).toEqual([]);
    const whole = new DatasetImporter(shapeByName("math")!);
    rows.forEach((row, i) => whole.add(row, i + 1));
    const wholeEnd = whole.finish();
    expect(released.flat()).toEqual(wholeEnd.file.problems.map((p) => p.id));
    expect(rest.issues).toEqual(wholeEnd.issues);
  });

  it("holds back grouped problems (a later row may add to them) and what comes after them", () => {
    const importer = new DatasetImporter(shapeByName("trl")!);
    importer.add({ prompt: "p1", chosen: "a", rejected: "b" }, 1);
    expect(importer.release()).toEqual([]);
    importer.add({ prompt: "p1", chosen: "c", rejected: "d" }, 2);
    expect(importer.finish().file.problems[0].samples).toHaveLength(4);
  });
});
