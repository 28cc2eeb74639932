// docs/format.md is the spec: it lists every finding code with its severity, and its examples
// are canonical, well-formed files.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PARSE_CODES, parse, serialize } from "../../../server/src/core/format/index";

const doc = readFileSync(path.join(__dirname, "../../../docs/format.md"), "utf8");

describe("docs/format.md", () => {
  it("lists every code with its severity, and no other", () => {
    const rows = [
      ...doc.matchAll(/^\| `([a-z0-9-]+)`(?: \/ `([a-z0-9-]+)`)?\s*\| (error|warning|info)\s*\|/gm),
    ];
    const listed = new Map<string, string>();
    for (const [, a, b, severity] of rows) {
      listed.set(a, severity);
      if (b) listed.set(b, severity);
    }
    expect(Object.fromEntries([...listed].sort())).toEqual(
      Object.fromEntries(Object.entries(PARSE_CODES).sort()),
    );
  });

  const examples = [...doc.matchAll(/```pns\n([\s\S]*?)```/g)].map((m) => m[1]);

  it("has examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples.map((e, i) => [i + 1, e]))("example %i is canonical and parses cleanly", (_i, example) => {
    const file = parse(example);
    expect(file.diagnostics).toEqual([]);
    expect(serialize(file)).toBe(example);
  });
});

describe("docs/format.md worked examples mean what the text says", () => {
  const byId = (id: string) => {
    for (const [, example] of doc.matchAll(/```pns\n([\s\S]*?)```/g)) {
      const file = parse(example);
      const problem = file.problems.find((p) => p.id === id);
      if (problem) return { file, problem };
    }
    throw new Error(`no example with problem ${id}`);
  };

  it("the escape rule", () => {
    expect(byId("bib-1").problem.samples[0].body.text).toBe(
      "Here is the entry:\n@book{knuth97,\n  author = {Donald E. Knuth},\n}",
    );
  });

  it("the separator rule", () => {
    const { problem } = byId("sep-1");
    expect(problem.statement.text).toBe("What is $1+1$?\n");
    expect(problem.samples.map((s) => s.body.text)).toEqual(["2", "3"]);
  });

  it("where comments belong", () => {
    const { file, problem } = byId("c-1");
    expect(file.headerComments.map((c) => c.text)).toEqual(["Reviewed by A. on 2026-11-20."]);
    expect(problem.leadingComments.map((c) => c.text)).toEqual(["Hard one: check the boxed form."]);
    const negative = problem.samples[0];
    expect(negative.leadingComments.map((c) => c.text)).toEqual(["Found by the reward model at step 120."]);
    expect(negative.body.comments.map((c) => [c.text, c.beforeLine])).toEqual([
      ["reviewer: the slip is here.", 1],
    ]);
    expect(negative.body.text).toBe(
      "$\\frac{6}{4} = \\frac{3}{4}$\nso the answer is $\\boxed{\\frac{3}{4}}$.",
    );
    expect(file.trailingComments.map((c) => c.text)).toEqual(["TODO: add a false negative."]);
  });

  it("metadata values stay strings", () => {
    const { problem } = byId("meta-1");
    expect(problem.meta.map((m) => m.value)).toEqual(["math", "3.10", "Counting & Probability", ""]);
    expect(problem.samples[0].meta.map((m) => m.value)).toEqual([
      "qwen2.5-7b",
      "0.70",
      "007",
      'forgot the "empty" set',
    ]);
  });

  it("a block answer", () => {
    expect(byId("interval-1").problem.answer!.text).toBe("$[-1, 3]$\nor $-1 \\le x \\le 3$");
  });
});

describe("docs/format.md on pns fmt", () => {
  it("names exactly the syntax codes that stop pns fmt", async () => {
    const { SYNTAX_CODES } = await import("../../../server/src/core/format/index");
    const paragraph = doc.slice(doc.indexOf("**syntax errors**"), doc.indexOf("`pns lint` reports them"));
    const named = [...paragraph.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]);
    expect(named.sort()).toEqual([...SYNTAX_CODES].sort());
  });
});
