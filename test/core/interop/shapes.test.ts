import { describe, expect, it } from "vitest";
import { gsm8kShape } from "../../../server/src/core/interop/shapes/gsm8k";
import { mathShape } from "../../../server/src/core/interop/shapes/math";
import { trlShape } from "../../../server/src/core/interop/shapes/trl";
import { pnsJsonlShape } from "../../../server/src/core/interop/shapes/pnsJsonl";
import type { ImportRow, JsonRow, RowIssue, Shape } from "../../../server/src/core/interop/shapes/types";

function ok(shape: Shape, row: JsonRow, options = {}): { row: ImportRow; issues: RowIssue[] } {
  const result = shape.convert(row, options);
  if (!result.ok) throw new Error(`expected success, got ${result.error.message}`);
  return result;
}

function fail(shape: Shape, row: JsonRow): RowIssue {
  const result = shape.convert(row, {});
  if (result.ok) throw new Error("expected a failure");
  return result.error;
}

describe("gsm8k shape", () => {
  const row = {
    question: "A baker fills 36 jars.\r\nHow many?\n",
    answer: "36 / 3 = <<36/3=12>>12\n@note 12 more\n#### 48",
  };

  it("takes the gold after the last #### and keeps the solution verbatim", () => {
    const { row: out, issues } = ok(gsm8kShape, row);
    expect(issues).toEqual([]);
    expect(out.statement).toBe("A baker fills 36 jars.\nHow many?");
    expect(out.answer).toBe("48");
    expect(out.samples).toEqual([
      { role: "positive", text: "36 / 3 = <<36/3=12>>12\n@note 12 more", meta: [["kind", "reference"]] },
    ]);
    expect(out.meta).toEqual([["source", "gsm8k"]]);
  });

  it("strips calculator annotations only when asked", () => {
    const { row: out } = ok(gsm8kShape, row, { stripCalculator: true });
    expect(out.samples[0].text).toBe("36 / 3 = 12\n@note 12 more");
  });

  it("reports a missing #### as missing-answer and still imports the problem", () => {
    const { row: out, issues } = ok(gsm8kShape, { question: "Q?", answer: "It is four." });
    expect(out.answer).toBeNull();
    expect(issues).toMatchObject([{ severity: "error", code: "missing-answer", field: "answer" }]);
  });

  it("keeps other scalar columns as string metadata and skips lists and objects", () => {
    const { row: out, issues } = ok(gsm8kShape, {
      question: "Q?",
      answer: "#### 1",
      split: "test",
      difficulty: 3,
      "hard?": true,
      note: null,
      tags: ["a"],
    });
    expect(out.meta).toEqual([
      ["source", "gsm8k"],
      ["split", "test"],
      ["difficulty", "3"],
      ["hard_", "true"],
    ]);
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ["renamed-key", "hard?"],
      ["skipped-column", "tags"],
    ]);
  });

  it.each([
    [{ answer: "#### 1" }, "question", "missing-field"],
    [{ question: 5, answer: "#### 1" }, "question", "invalid-field"],
    [{ question: "  ", answer: "#### 1" }, "question", "invalid-field"],
    [{ question: "Q" }, "answer", "missing-field"],
    [{ question: "Q", answer: ["x"] }, "answer", "invalid-field"],
  ])("rejects %j naming field %s", (input, field, code) => {
    expect(fail(gsm8kShape, input)).toMatchObject({ field, code, severity: "error" });
  });
});

describe("math shape", () => {
  it("uses the last brace-matched \\boxed{} of the solution and keeps level and type", () => {
    const { row } = ok(mathShape, {
      problem: "Find $x$.",
      solution: "Guess $\\boxed{1}$, no: $\\boxed{\\frac{1}{2}}$.",
      level: "Level 2",
      type: "Algebra",
    });
    expect(row.answer).toBe("\\frac{1}{2}");
    expect(row.answerFrom).toBe("boxed");
    expect(row.meta).toEqual([
      ["source", "math"],
      ["level", "Level 2"],
      ["type", "Algebra"],
    ]);
    expect(row.samples[0]).toMatchObject({ role: "positive", meta: [["kind", "reference"]] });
  });

  it("prefers an answer column (MATH-500) and turns numbers into strings", () => {
    const { row } = ok(mathShape, { problem: "P", solution: "\\boxed{0.5}", answer: "\\frac12", level: 3 });
    expect(row.answer).toBe("\\frac12");
    expect(row.answerFrom).toBe("field");
    expect(row.meta).toContainEqual(["level", "3"]);
  });

  it("reports a solution without a box", () => {
    const { row, issues } = ok(mathShape, { problem: "P", solution: "It is 3." });
    expect(row.answer).toBeNull();
    expect(issues[0]).toMatchObject({ code: "missing-answer", field: "solution" });
  });

  it("rejects a row without a solution", () => {
    expect(fail(mathShape, { problem: "P" })).toMatchObject({ field: "solution", code: "missing-field" });
  });
});

describe("trl shape", () => {
  it("reads string rows: chosen positive, rejected negative, gold from the chosen box", () => {
    const { row } = ok(trlShape, {
      prompt: "What is 7*8?",
      chosen: "$\\boxed{56}$",
      rejected: "$\\boxed{54}$",
    });
    expect(row.statement).toBe("What is 7*8?");
    expect(row.answer).toBe("56");
    expect(row.answerFrom).toBe("boxed");
    expect(row.samples.map((s) => [s.role, s.text])).toEqual([
      ["positive", "$\\boxed{56}$"],
      ["negative", "$\\boxed{54}$"],
    ]);
    expect(row.groupKey).toBeDefined();
  });

  it("takes the gold from an answer or gold column first", () => {
    expect(ok(trlShape, { prompt: "p", chosen: "\\boxed{1}", rejected: "r", gold: 2 }).row.answer).toBe("2");
    expect(ok(trlShape, { prompt: "p", chosen: "c", rejected: "r" }).row.answer).toBeNull();
  });

  it("reads conversational rows: last user message, system as metadata, text parts", () => {
    const { row, issues } = ok(trlShape, {
      prompt: [
        { role: "system", content: "Be careful." },
        { role: "user", content: "First question" },
        { role: "assistant", content: "First answer" },
        {
          role: "user",
          content: [
            { type: "text", text: "What is " },
            { type: "text", text: "2+2?" },
          ],
        },
      ],
      chosen: [{ role: "assistant", content: "\\boxed{4}" }],
      rejected: [{ role: "assistant", content: "\\boxed{5}" }],
    });
    expect(row.statement).toBe("What is 2+2?");
    expect(row.meta).toEqual([
      ["source", "trl"],
      ["system", "Be careful."],
    ]);
    expect(row.samples.map((s) => s.text)).toEqual(["\\boxed{4}", "\\boxed{5}"]);
    expect(issues).toMatchObject([{ code: "multi-turn-prompt", severity: "warning" }]);
  });

  it("groups by system message and problem text", () => {
    const a = ok(trlShape, { prompt: "p", chosen: "c", rejected: "r" }).row.groupKey;
    const b = ok(trlShape, { prompt: [{ role: "user", content: "p" }], chosen: "c2", rejected: "r2" }).row
      .groupKey;
    const c = ok(trlShape, {
      prompt: [
        { role: "system", content: "s" },
        { role: "user", content: "p" },
      ],
      chosen: "c",
      rejected: "r",
    }).row.groupKey;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("reads the implicit-prompt form (shared prefix of chosen and rejected)", () => {
    const { row } = ok(trlShape, {
      chosen: [
        { role: "user", content: "Solve 2x=8." },
        { role: "assistant", content: "x = \\boxed{4}" },
      ],
      rejected: [
        { role: "user", content: "Solve 2x=8." },
        { role: "assistant", content: "x = \\boxed{6}" },
      ],
    });
    expect(row.statement).toBe("Solve 2x=8.");
    expect(row.samples.map((s) => s.text)).toEqual(["x = \\boxed{4}", "x = \\boxed{6}"]);
  });

  it.each([
    [{ prompt: "p", chosen: "c" }, "rejected", "missing-field"],
    [{ prompt: 3, chosen: "c", rejected: "r" }, "prompt", "invalid-field"],
    [{ prompt: [{ role: "user" }], chosen: "c", rejected: "r" }, "prompt", "invalid-field"],
    [{ prompt: [{ role: "system", content: "s" }], chosen: "c", rejected: "r" }, "prompt", "missing-field"],
    [{ prompt: "p", chosen: {}, rejected: "r" }, "chosen", "invalid-field"],
    [{ chosen: "c", rejected: "r" }, "prompt", "missing-field"],
  ])("rejects %j naming field %s", (input, field, code) => {
    expect(fail(trlShape, input)).toMatchObject({ field, code });
  });
});

describe("pns-jsonl shape", () => {
  it("reads the problem-centric row exactly, comments included", () => {
    const { row, issues } = ok(pnsJsonlShape, {
      id: "p-1",
      problem: "  indented\r\nline\n",
      answer: "3.10",
      meta: { level: 2, source: "hand" },
      samples: [
        { role: "negative", text: "@x", meta: { status: "rejected" }, comments: { before: ["why"] } },
      ],
      comments: { before: ["lead"], problem: [{ line: 1, text: "inside" }] },
      file_comments: ["header"],
    });
    expect(issues).toEqual([]);
    expect(row).toMatchObject({
      id: "p-1",
      statement: "  indented\nline\n",
      answer: "3.10",
      meta: [
        ["level", "2"],
        ["source", "hand"],
      ],
      samples: [{ role: "negative", text: "@x", meta: [["status", "rejected"]], leadingComments: ["why"] }],
      comments: { leading: ["lead"], statement: [{ line: 1, text: "inside" }], file: ["header"] },
    });
  });

  it.each([
    [
      { problem: "p", samples: [{ role: "chosen", text: "t" }] },
      "samples",
      'samples[0].role must be "positive"',
    ],
    [{ problem: "p", samples: [{ role: "positive" }] }, "samples", "samples[0].text must be a string"],
    [{ problem: "p", samples: [], meta: { "bad key": "x" } }, "meta", "not a valid metadata key"],
    [{ problem: "p", samples: [], answer: 5 }, "answer", "a string or null"],
    [
      { problem: "p", samples: [], comments: { before: ["a\nb"] } },
      "comments",
      "cannot contain a line break",
    ],
    [{ problem: "p", samples: [], comments: { nope: [] } }, "comments", "not a known comment field"],
    [{ problem: "p", samples: [], file_comments: "x" }, "file_comments", "list of strings"],
  ])("rejects %j naming %s", (input, field, message) => {
    const error = fail(pnsJsonlShape, input);
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });

  it("imports a row without answer with a missing-answer warning", () => {
    const { row, issues } = ok(pnsJsonlShape, { id: "a", problem: "p", answer: null, samples: [] });
    expect(row.answer).toBeNull();
    expect(issues).toMatchObject([{ code: "missing-answer", severity: "warning" }]);
  });
});
