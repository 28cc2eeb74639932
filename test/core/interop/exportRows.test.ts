import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse, serialize } from "../../../server/src/core/format/index";
import {
  DatasetImporter,
  dpoRows,
  type DpoSummary,
  grpoRows,
  DEFAULT_PROMPT_TEMPLATE,
  defaultTemplate,
  joinPlain,
  parseTemplate,
  parseTemplateFile,
  type PromptTemplate,
  renderChatPrompt,
  renderPlainPrompt,
  pnsJsonlRows,
  shapeByName,
} from "../../../server/src/core/interop/index";
import { pnsFile, problem, type ProblemSpec } from "../../../server/src/core/interop/build";
import type { PnsFile } from "../../../server/src/core/format/ast";

const bare = parseTemplate("{problem}") as PromptTemplate;
const plain = { template: bare, conversational: false };

function demo(): PnsFile {
  return parse(
    [
      "@pns 1",
      "",
      '@problem p1 system="Think first."',
      "What is $1/2 + 1/4$?",
      "",
      "@answer \\frac{3}{4}",
      "@positive",
      "$\\boxed{\\frac{3}{4}}$",
      "",
      "@negative status=rejected",
      "$\\boxed{\\frac{2}{6}}$",
      "",
      "@negative kind=plausible",
      "$\\boxed{\\frac{1}{6}}$",
      "",
      "@problem p2",
      "Only a positive here.",
      "",
      "@answer 2",
      "@positive",
      "2",
      "",
    ].join("\n"),
  );
}

describe("dpoRows", () => {
  it("pairs usable samples, skips status=rejected, carries id and answer", () => {
    const summary: DpoSummary = {
      pairs: 0,
      unpairedProblems: 0,
      rejectedSamples: 0,
      negativesEqualToPositive: 0,
    };
    const rows = [...dpoRows(demo(), { strategy: "all-pairs", maxPairsPerProblem: 4 }, plain, summary)];
    expect(rows).toEqual([
      {
        // p1 has system= metadata: a plain prompt starts with it and a blank line.
        prompt: "Think first.\n\nWhat is $1/2 + 1/4$?\n",
        chosen: "$\\boxed{\\frac{3}{4}}$",
        rejected: "$\\boxed{\\frac{1}{6}}$",
        id: "p1",
        answer: "\\frac{3}{4}",
      },
    ]);
    expect(summary).toEqual({
      pairs: 1,
      unpairedProblems: 1,
      rejectedSamples: 1,
      negativesEqualToPositive: 0,
      ungradableSamples: 0,
      unpairedSamples: 1,
    });
  });

  it("leaves out a negative whose text equals a positive's: the pair would teach nothing", () => {
    const file = parse(
      "@pns 1\n\n@problem p\nQ\n\n@answer 1\n@positive\nsame\n\n@negative\nsame\n\n@negative\nother\n",
    );
    const summary: DpoSummary = {
      pairs: 0,
      unpairedProblems: 0,
      rejectedSamples: 0,
      negativesEqualToPositive: 0,
    };
    const rows = [...dpoRows(file, { strategy: "all-pairs", maxPairsPerProblem: 4 }, plain, summary)];
    expect(rows.map((r) => [r.chosen, r.rejected])).toEqual([["same", "other"]]);
    expect(summary.negativesEqualToPositive).toBe(1);
  });

  it("writes TRL's conversational form, with the problem's system message or an override", () => {
    const pairing = { strategy: "each-negative" as const, maxPairsPerProblem: 4 };
    const [row] = [...dpoRows(demo(), pairing, { ...plain, conversational: true })];
    expect(row.prompt).toEqual([
      { role: "system", content: "Think first." },
      { role: "user", content: "What is $1/2 + 1/4$?" },
    ]);
    expect(row.chosen).toEqual([{ role: "assistant", content: "$\\boxed{\\frac{3}{4}}$" }]);
    const [overridden] = [...dpoRows(demo(), pairing, { ...plain, conversational: true, system: "S" })];
    expect(overridden.prompt).toEqual([
      { role: "system", content: "S" },
      { role: "user", content: "What is $1/2 + 1/4$?" },
    ]);
  });
});

describe("grpoRows and prompt templates", () => {
  it("writes one {prompt, answer, id} row per problem", () => {
    expect([...grpoRows(demo(), plain)]).toEqual([
      { prompt: "Think first.\n\nWhat is $1/2 + 1/4$?\n", answer: "\\frac{3}{4}", id: "p1" },
      { prompt: "Only a positive here.\n", answer: "2", id: "p2" },
    ]);
  });

  it("fills {problem} everywhere, keeps other braces; a template file drops one final newline", () => {
    const template = parseTemplateFile("Solve: {problem}\r\nPut it in \\boxed{}. ({problem})\n");
    if (typeof template === "string") throw new Error(template);
    const [, row] = [...grpoRows(demo(), { ...plain, template })];
    expect(row.prompt).toBe("Solve: Only a positive here.\nPut it in \\boxed{}. (Only a positive here.)\n");
    expect(parseTemplate("no placeholder")).toContain("{problem}");
    expect(parseTemplateFile("{problem}\n\n")).toMatchObject({ text: "{problem}\n" });
  });

  it("the default template asks for steps and a boxed answer, with real newlines and one backslash", () => {
    expect(DEFAULT_PROMPT_TEMPLATE).toBe(
      "{problem}" +
        "\n\n" +
        "Please reason step by step, and put your final answer within " +
        String.raw`\boxed{}.`,
    );
    expect(renderPlainPrompt("1+1?", { template: defaultTemplate })).toBe(
      "1+1?\n\nPlease reason step by step, and put your final answer within \\boxed{}.\n",
    );
  });

  it("plain prompts: system + blank line + template, a separator only when the text does not end in whitespace", () => {
    const style = (text: string, systemPrompt?: string) => ({
      template: parseTemplate(text) as PromptTemplate,
      ...(systemPrompt !== undefined ? { systemPrompt } : {}),
    });
    expect(renderPlainPrompt("Q", style("{problem}", "Be brief."))).toBe("Be brief.\n\nQ\n");
    expect(renderPlainPrompt("Q", style("{problem}", ""))).toBe("Q\n");
    expect(renderPlainPrompt("Q", style("Problem: {problem}\nAnswer: "))).toBe("Problem: Q\nAnswer: ");
    expect(renderPlainPrompt("Q", style("{problem}\n\n"))).toBe("Q\n\n");
    expect(renderPlainPrompt("Q\t", style("{problem}"))).toBe("Q\t");
    // Not ASCII whitespace: Python's str.isspace() and JS's \s disagree on some of these.
    expect(renderPlainPrompt("Q\u00a0", style("{problem}"))).toBe("Q\u00a0\n");
    expect(joinPlain("lowest terms.", "Each batch")).toBe("lowest terms.\nEach batch");
    expect(joinPlain("lowest terms.\n", "Each batch")).toBe("lowest terms.\nEach batch");
  });

  it("chat prompts: an optional system message, then the rendered template as the user's", () => {
    expect(renderChatPrompt("Q", { template: defaultTemplate, systemPrompt: "S" })).toEqual([
      { role: "system", content: "S" },
      {
        role: "user",
        content: "Q\n\nPlease reason step by step, and put your final answer within \\boxed{}.",
      },
    ]);
    expect(renderChatPrompt("Q", { template: bare })).toEqual([{ role: "user", content: "Q" }]);
  });
});

// Hostile body lines: directives, escapes, LaTeX, blank lines, Unicode.
const bodyLine = fc.oneof(
  fc.constantFrom(
    "",
    "@problem x",
    "@@y",
    "@# not a comment",
    "@answer 3",
    "$\\boxed{\\frac{1}{2}}$",
    "  indented",
    "# Heading",
    "```",
    "€ ∑ 😀",
  ),
  fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, "")),
);
const text = fc.array(bodyLine, { maxLength: 5 }).map((lines) => lines.join("\n"));
const solid = fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), text).map(([head, rest]) => {
  const first = head.replace(/[\r\n@]/g, "x").trim() || "x";
  return rest ? `${first}\n${rest}` : first;
});
const comment = fc.string({ maxLength: 10 }).map((s) => s.replace(/[\r\n]/g, " "));
const comments = fc.array(comment, { maxLength: 2 });
const metaPairs = fc
  .uniqueArray(fc.tuple(fc.stringMatching(/^[a-z_][a-z0-9_.-]{0,5}$/), fc.string({ maxLength: 8 })), {
    selector: ([k]) => k,
    maxLength: 3,
  })
  .map((pairs) => pairs.map(([k, v]): [string, string] => [k, v]));
const lineComments = (body: string) =>
  fc.array(fc.record({ line: fc.nat(body === "" ? 0 : body.split("\n").length), text: comment }), {
    maxLength: 2,
  });

const sampleSpec = text.chain((body) =>
  fc.record({
    role: fc.constantFrom("positive" as const, "negative" as const),
    text: fc.constant(body),
    meta: metaPairs,
    leadingComments: comments,
    comments: lineComments(body),
  }),
);
const problemSpec = (id: string): fc.Arbitrary<ProblemSpec> =>
  fc.tuple(solid, solid).chain(([statement, answer]) =>
    fc.record({
      id: fc.constant(id),
      statement: fc.constant(statement),
      answer: fc.constant(answer),
      meta: metaPairs,
      samples: fc.array(sampleSpec, { maxLength: 3 }),
      leadingComments: comments,
      statementComments: lineComments(statement),
      answerLeadingComments: comments,
      answerComments: lineComments(answer),
    }),
  );
const files = fc
  .uniqueArray(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,6}$/), { minLength: 1, maxLength: 4 })
  .chain((ids) => fc.tuple(fc.tuple(...ids.map(problemSpec)), comments, comments))
  .map(([specs, header, trailing]) => pnsFile(specs.map(problem), header, trailing));

describe("pnsJsonlRows", () => {
  it("is lossless: text -> jsonl -> import gives back the canonical text, comments included", () => {
    fc.assert(
      fc.property(files, (file) => {
        // Start from canonical text: a few trees have no text of their own (docs/format.md,
        // "What the text cannot say"), so the property is about text, not about arbitrary trees.
        const canonical = serialize(parse(serialize(file)));
        const parsed = parse(canonical);
        const importer = new DatasetImporter(shapeByName("pns-jsonl")!);
        let line = 0;
        for (const row of pnsJsonlRows(parsed)) {
          const issues = importer.add(JSON.parse(JSON.stringify(row)), ++line);
          expect(issues).toEqual([]);
        }
        expect(serialize(importer.finish().file)).toBe(canonical);
      }),
      { numRuns: 300 },
    );
  });
});
