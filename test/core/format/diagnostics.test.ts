// One case per parse code: the finding, its severity and its exact range (1-based line:col, end
// exclusive), and what the tree keeps despite the error.
import { describe, expect, it } from "vitest";
import { PARSE_CODES, parse, type ParseDiagnostic } from "../../../server/src/core/format/index";

function at(d: ParseDiagnostic): string {
  const { start, end } = d.range;
  return `${d.code} ${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

function findings(text: string): string[] {
  return parse(text).diagnostics.map(at);
}

const OK = "@pns 1\n\n@problem p1\nWhat is 2+2?\n\n@answer 4\n";

describe("parse findings, one per code", () => {
  it("a well-formed file has none", () => {
    expect(findings(OK)).toEqual([]);
  });

  const cases: [code: string, text: string, expected: string[]][] = [
    ["missing-header", "@problem p1\nQ\n\n@answer 1\n", ["missing-header 1:1-1:12"]],
    ["missing-header (empty file)", "", ["missing-header 1:1-1:1"]],
    ["unsupported-version", "@pns 2\n", ["unsupported-version 1:1-1:7"]],
    ["unsupported-version (not a number)", "@pns one\n", ["unsupported-version 1:1-1:9"]],
    ["misplaced-header", "@pns 1\n\n@problem p\nQ\n@pns 1\n\n@answer 1\n", ["misplaced-header 5:1-5:5"]],
    [
      "unknown-directive",
      "@pns 1\n\n@problem p\nQ\n@misc{x}\n\n@answer 1\n@postive\nA\n",
      // A misspelt sample directive below a one-line answer is also text below that answer.
      ["unknown-directive 5:1-5:9", "unknown-directive 8:1-8:9", "text-after-answer 8:1-8:9"],
    ],
    [
      "text-before-problem (text)",
      "@pns 1\nstray\ntext\n\n@problem p\nQ\n\n@answer 1\n",
      ["text-before-problem 2:1-3:5"],
    ],
    [
      "text-before-problem (sample)",
      "@pns 1\n\n@negative m=1\nwrong\n\n@problem p\nQ\n\n@answer 1\n",
      ["text-before-problem 3:1-3:14"],
    ],
    ["missing-id", "@pns 1\n\n@problem source=x\nQ\n\n@answer 1\n", ["missing-id 3:1-3:9"]],
    ["invalid-id", "@pns 1\n\n@problem #7 source=x\nQ\n\n@answer 1\n", ["invalid-id 3:10-3:12"]],
    [
      "duplicate-id",
      "@pns 1\n\n@problem p\nQ\n\n@answer 1\n\n@problem p\nQ2\n\n@answer 2\n",
      ["duplicate-id 8:10-8:11"],
    ],
    ["missing-answer", "@pns 1\n\n@problem p\nQ\n\n@positive\nA\n", ["missing-answer 3:1-3:11"]],
    ["duplicate-answer", "@pns 1\n\n@problem p\nQ\n\n@answer 1\n@answer 2\n", ["duplicate-answer 7:1-7:10"]],
    [
      "answer-after-sample",
      "@pns 1\n\n@problem p\nQ\n\n@positive\nA\n\n@answer 1\n",
      ["answer-after-sample 9:1-9:10"],
    ],
    ["text-after-answer", "@pns 1\n\n@problem p\nQ\n\n@answer 1\n2\n", ["text-after-answer 7:1-7:2"]],
    [
      "invalid-meta",
      '@pns 1\n\n@problem p a=1 junk b= c="open\nQ\n\n@answer 1\n',
      ["invalid-meta 3:16-3:20", "invalid-meta 3:21-3:23", "invalid-meta 3:24-3:31"],
    ],
    [
      "invalid-meta (bad escape)",
      '@pns 1\n\n@problem p a="\\q"\nQ\n\n@answer 1\n',
      ["invalid-meta 3:14-3:18"],
    ],
    [
      "duplicate-meta-key",
      "@pns 1\n\n@problem p a=1 a=2\nQ\n\n@answer 1\n",
      ["duplicate-meta-key 3:16-3:17"],
    ],
    ["empty-statement", "@pns 1\n\n@problem p\n\n@answer 1\n", ["empty-statement 3:1-3:11"]],
    ["empty-answer", "@pns 1\n\n@problem p\nQ\n\n@answer\n\n@positive\nA\n", ["empty-answer 6:1-6:8"]],
    [
      "empty-sample",
      "@pns 1\n\n@problem p\nQ\n\n@answer 1\n@negative\n\n@positive\nA\n",
      ["empty-sample 7:1-7:10"],
    ],
    ["mixed-eol", "@pns 1\r\n\r\n@problem p\r\nQ\n\r\n@answer 1\r\n", ["mixed-eol 4:2-4:2"]],
    [
      "cr-at-line-end",
      "@pns 1\n\n@problem p\nQ\r\r\n\n@answer 1\n",
      ["cr-at-line-end 4:2-4:3", "mixed-eol 4:3-4:4"],
    ],
    ["bom", "\uFEFF" + OK, ["bom 1:1-1:2"]],
  ];

  it.each(cases)("%s", (_name, text, expected) => {
    expect(findings(text)).toEqual(expected);
  });

  it("each finding has the severity of its code", () => {
    for (const [, text] of cases) {
      for (const d of parse(text).diagnostics)
        expect(d.severity).toBe(PARSE_CODES[d.code as keyof typeof PARSE_CODES]);
    }
  });

  it("covers every parse code (the reader's two have their own tests)", () => {
    const seen = new Set(cases.flatMap(([, text]) => parse(text).diagnostics.map((d) => d.code)));
    const readerCodes = ["invalid-utf8", "binary-file"];
    expect([...seen].sort()).toEqual(
      Object.keys(PARSE_CODES)
        .filter((c) => !readerCodes.includes(c))
        .sort(),
    );
  });
});

describe("what the tree keeps after an error", () => {
  it("an unknown directive stays in the body, verbatim", () => {
    const file = parse("@pns 1\n\n@problem p\nQ\n\n@answer 1\n@negative\nsee @cite\n@misc{x}\nend\n");
    expect(file.problems[0].samples[0].body.text).toBe("see @cite\n@misc{x}\nend");
  });

  it("reads on after an error: later problems are all there", () => {
    const file = parse(
      "@pns 1\n\n@problem\nQ\n\n@problem p2 x=\nQ2\n\n@answer 2\n\n@problem p3\nQ3\n\n@answer 3\n",
    );
    expect(file.problems.map((p) => p.id)).toEqual(["", "p2", "p3"]);
    expect(file.problems[2].answer!.text).toBe("3");
  });

  it("a bad id is kept as written", () => {
    expect(parse("@pns 1\n\n@problem #7\nQ\n\n@answer 1\n").problems[0].id).toBe("#7");
  });

  it("text below a one-line answer makes it a block, so no text is lost", () => {
    const answer = parse("@pns 1\n\n@problem p\nQ\n\n@answer 1\n@# note\n2\n\n@positive\nA\n").problems[0]
      .answer!;
    expect(answer).toMatchObject({ text: "1\n2", block: true, comments: [{ text: "note", beforeLine: 1 }] });
  });

  it("a second answer is kept aside", () => {
    const problem = parse("@pns 1\n\n@problem p\nQ\n\n@answer 1\n@answer\n2\n").problems[0];
    expect(problem.answer!.text).toBe("1");
    expect(problem.duplicateAnswers!.map((a) => a.text)).toEqual(["2"]);
  });

  it("metadata values are strings, never coerced", () => {
    const meta = parse('@pns 1\n\n@problem p level=3.10 ok=no n=007 e="" s="a b"\nQ\n\n@answer 3.10\n')
      .problems[0];
    expect(meta.meta.map((m) => [m.key, m.value])).toEqual([
      ["level", "3.10"],
      ["ok", "no"],
      ["n", "007"],
      ["e", ""],
      ["s", "a b"],
    ]);
    expect(meta.answer!.text).toBe("3.10");
  });

  it("a line of 100,000 repeated keys yields a bounded number of findings, and keeps them all", () => {
    const file = parse(`@pns 1\n\n@problem p ${"k=v ".repeat(100_000)}\nQ\n\n@answer 1\n`);
    expect(file.diagnostics.length).toBe(11);
    expect(file.problems[0].meta.length).toBe(100_000);
  });

  it("a junk-only 1 MB directive line yields a bounded number of findings", () => {
    const file = parse(`@pns 1\n\n@problem p ${"x ".repeat(500_000)}\nQ\n\n@answer 1\n`);
    expect(file.diagnostics.length).toBeLessThanOrEqual(11);
    expect(file.problems[0].statement.text).toBe("Q");
  });
});
