// Targeted assertions on directive lines and comments: what a reviewer sees on the lines that give
// a dataset its structure. The snapshots show everything; these say what each behaviour is for.
import { beforeAll, describe, expect, it } from "vitest";
import type { IGrammar } from "vscode-textmate";
import {
  loadPnsGrammar,
  tokenizeText,
  type TokenizedLine,
  hasScope,
  scopesAt,
  scopesOf,
  directiveLines,
} from "./harness";

let grammar: IGrammar;
beforeAll(async () => {
  grammar = await loadPnsGrammar();
});

const tokenize = (...lines: string[]): TokenizedLine[] => tokenizeText(grammar, lines.join("\n"));
const has = hasScope;

describe("directives", () => {
  it("gives every directive keyword.control.directive plus its own scope", () => {
    const expected: Record<string, string> = {
      header: "keyword.control.directive.header.pns",
      problem: "keyword.control.directive.problem.pns",
      answer: "keyword.control.directive.answer.pns",
      "answer block": "keyword.control.directive.answer.pns",
      positive: "keyword.control.directive.positive.pns",
      negative: "keyword.control.directive.negative.pns",
    };
    for (const [name, line] of Object.entries(directiveLines)) {
      const scopes = scopesAt(tokenize(line), 0, 1);
      expect(scopes, name).toContain(expected[name]);
    }
  });

  it("paints roles with the diff scopes themes already colour, innermost", () => {
    const positive = scopesAt(tokenize("@positive"), 0, 1);
    const negative = scopesAt(tokenize("@negative"), 0, 1);
    expect(positive.at(-1)).toBe("markup.inserted.role.positive.pns");
    expect(negative.at(-1)).toBe("markup.deleted.role.negative.pns");
  });

  it("scopes the problem id, sample ids, metadata keys and values", () => {
    const lines = tokenize(
      "@problem gsm8k/train:0042 source=gsm8k level=3",
      '@positive id=s-1 model=gpt-4o note="two words"',
    );
    expect(scopesOf(lines, 0, "gsm8k/train:0042")).toContain("entity.name.section.problem.pns");
    expect(scopesOf(lines, 0, "source")).toContain("entity.other.attribute-name.pns");
    expect(scopesOf(lines, 0, "=gsm8k")).toContain("punctuation.separator.key-value.pns");
    expect(scopesOf(lines, 0, "gsm8k level")).toContain("string.unquoted.pns");
    expect(scopesOf(lines, 1, "s-1")).toContain("entity.name.tag.sample.pns");
    expect(scopesOf(lines, 1, "two words")).toContain("string.quoted.double.pns");
  });

  it("highlights JSON escapes in quoted values and flags bad ones", () => {
    const lines = tokenize('@negative note="say \\"hi\\"\\n" bad="\\q"');
    expect(scopesOf(lines, 0, '\\"hi')).toContain("constant.character.escape.pns");
    expect(scopesOf(lines, 0, "\\n")).toContain("constant.character.escape.pns");
    expect(scopesOf(lines, 0, "\\q")).toContain("invalid.illegal.escape.pns");
  });

  it("marks metadata that is not key=value, and an invalid id, as invalid", () => {
    const lines = tokenize("@problem -bad x=1 =v k= loose", '@positive a=1 b="open');
    expect(scopesOf(lines, 0, "-bad")).toContain("invalid.illegal.id.pns");
    expect(scopesOf(lines, 0, "=v")).toContain("invalid.illegal.unexpected-text.pns");
    expect(scopesOf(lines, 0, "k=")).toContain("invalid.illegal.unexpected-text.pns");
    expect(scopesOf(lines, 0, "loose")).toContain("invalid.illegal.unexpected-text.pns");
    expect(scopesOf(lines, 1, 'b="open')).toContain("invalid.illegal.unexpected-text.pns");
    expect(scopesOf(lines, 1, "a=1")).not.toContain("invalid.illegal.unexpected-text.pns");
  });

  it("treats a first word with = as metadata, not as the id", () => {
    const lines = tokenize("@problem source=gsm8k");
    expect(scopesOf(lines, 0, "source")).toContain("entity.other.attribute-name.pns");
  });

  it("gives the gold answer its own scope, inline and as a block", () => {
    const lines = tokenize(
      "@problem p",
      "Q?",
      "",
      "@answer \\frac{1}{2}",
      "@problem q",
      "Q?",
      "",
      "@answer",
      "x = 4",
      "",
    );
    expect(scopesOf(lines, 3, "\\frac")).toContain("markup.bold.answer.gold.pns");
    expect(scopesOf(lines, 3, "\\frac")).toContain("support.function.math.pns");
    expect(scopesOf(lines, 8, "x")).toContain("markup.bold.answer.gold.pns");
    // Text under a one-line answer makes it a block answer in the parser (text-after-answer).
    const stray = tokenize("@answer 72", "more text");
    expect(scopesOf(stray, 1, "more")).toContain("markup.bold.answer.gold.pns");
  });

  it("marks an unknown directive invalid and keeps the body going, as the parser does", () => {
    const lines = tokenize("@problem p", "First line.", "@todo check this", "Still the statement: $x$.");
    expect(scopesOf(lines, 2, "@todo")).toContain("invalid.illegal.unknown-directive.pns");
    expect(scopesOf(lines, 2, "check")).toContain("meta.body.statement.pns");
    expect(scopesOf(lines, 3, "Still")).toContain("meta.body.statement.pns");
    expect(has(scopesOf(lines, 3, "x"), "markup.math.inline")).toBe(true);
  });

  it("accepts @pns on the first line only, as the parser does", () => {
    const lines = tokenize("@pns 1", "@problem p", "Statement", "@pns 1", "still the statement");
    expect(scopesAt(lines, 0, 1)).toContain("keyword.control.directive.header.pns");
    expect(scopesOf(lines, 3, "@pns")).toContain("invalid.illegal.unknown-directive.pns");
    expect(scopesOf(lines, 4, "still")).toContain("meta.body.statement.pns");
  });

  it("does not take a near-miss like @problems or @answer72 for a directive", () => {
    const lines = tokenize("@problem p", "Q", "@problems", "@answer72");
    expect(scopesOf(lines, 2, "@problems")).toContain("invalid.illegal.unknown-directive.pns");
    expect(scopesOf(lines, 3, "@answer72")).toContain("invalid.illegal.unknown-directive.pns");
  });
});

describe("comments and the @@ escape", () => {
  it("scopes @# lines as comments, at top level and inside a body that continues after them", () => {
    const lines = tokenize("@# top", "@problem p", "Line one", "@# inside", "Line two");
    expect(scopesOf(lines, 0, "@#")).toContain("punctuation.definition.comment.pns");
    expect(scopesOf(lines, 0, "top")).toContain("comment.line.at-sign.pns");
    expect(scopesOf(lines, 3, "inside")).toContain("comment.line.at-sign.pns");
    expect(scopesOf(lines, 4, "Line two")).toContain("meta.body.statement.pns");
  });

  it("picks out suppression comments and the codes they name", () => {
    const lines = tokenize(
      "@# pns-disable-next-sample truncated, repetition -- cut on purpose",
      "@# not pns-disable",
    );
    expect(scopesOf(lines, 0, "pns-disable")).toContain("keyword.other.suppression.pns");
    expect(scopesOf(lines, 0, "truncated")).toContain("constant.other.finding-code.pns");
    expect(scopesOf(lines, 0, "repetition")).toContain("constant.other.finding-code.pns");
    expect(scopesOf(lines, 0, "cut")).not.toContain("constant.other.finding-code.pns");
    expect(scopesOf(lines, 1, "pns-disable")).not.toContain("keyword.other.suppression.pns");
    expect(scopesOf(lines, 1, "pns-disable")).toContain("comment.line.at-sign.pns");
  });

  it("reads an @@ line as body text with one escaped @, never as a directive", () => {
    const lines = tokenize("@problem p", "@@problem not-a-problem", "@@# not a comment", "after");
    expect(scopesAt(lines, 1, 0)).toContain("constant.character.escape.line-prefix.pns");
    const rest = scopesAt(lines, 1, 1);
    expect(rest).toContain("meta.body.statement.pns");
    expect(has(rest, "keyword.control.directive")).toBe(false);
    expect(has(scopesAt(lines, 2, 1), "comment")).toBe(false);
    expect(scopesOf(lines, 3, "after")).toContain("meta.body.statement.pns");
  });
});
