// Targeted assertions on the grammar: the behaviours that matter to a reviewer reading a dataset,
// stated once each so a regression names what broke (the snapshots show everything, these explain).
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { IGrammar } from "vscode-textmate";
import { fixturesDir, loadPnsGrammar, scopesAt, scopesOf, tokenizeText, type TokenizedLine } from "./harness";

let grammar: IGrammar;
beforeAll(async () => {
  grammar = await loadPnsGrammar();
});

const tokenize = (...lines: string[]): TokenizedLine[] => tokenizeText(grammar, lines.join("\n"));

/** True when some scope in the list starts with the given prefix (TextMate selectors match by prefix). */
const has = (scopes: string[], prefix: string): boolean =>
  scopes.some((scope) => scope === prefix || scope.startsWith(`${prefix}.`));

const directiveLines: Record<string, string> = {
  header: "@pns 1",
  problem: "@problem p-1 source=x",
  answer: "@answer 72",
  "answer block": "@answer",
  positive: "@positive model=m",
  negative: "@negative kind=plausible",
};

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

describe("bodies", () => {
  it("puts a \\boxed answer in a negative body in the boxed scope, nested braces included", () => {
    const lines = tokenize("@negative kind=plausible", "So $\\boxed{\\frac{3}{2}}$ and \\boxed{72}.");
    const inner = scopesOf(lines, 1, "3");
    expect(inner).toContain("meta.body.response.negative.pns");
    expect(inner).toContain("meta.boxed.pns");
    expect(inner).toContain("markup.bold.boxed.pns");
    expect(scopesOf(lines, 1, "\\boxed")).toContain("keyword.control.boxed.pns");
    // The first of the two closing braces is the \frac's, the second closes the box.
    expect(scopesOf(lines, 1, "}}$")).toContain("punctuation.section.group.end.math.pns");
    expect(scopesOf(lines, 1, "}$")).toContain("punctuation.section.boxed.end.pns");
    expect(scopesOf(lines, 1, "$ and")).toContain("punctuation.definition.math.end.pns");
    expect(scopesOf(lines, 1, "72")).toContain("markup.bold.boxed.pns");
  });

  it("scopes all four math delimiters, LaTeX commands, numbers, operators and braces", () => {
    const lines = tokenize("@positive", "$a+1$ and \\(b\\) and \\[c\\] and $$d$$ and \\frac{x}{2} \\times");
    for (const needle of ["a+1", "b\\)", "c\\]", "d$$"]) {
      expect(has(scopesOf(lines, 1, needle), "markup.math"), needle).toBe(true);
    }
    expect(scopesOf(lines, 1, "+")).toContain("keyword.operator.math.pns");
    expect(scopesOf(lines, 1, "1$")).toContain("constant.numeric.math.pns");
    // Outside math, LaTeX commands are still recognised.
    expect(scopesOf(lines, 1, "\\frac")).toContain("support.function.latex.pns");
    const math = tokenize("@positive", "$\\frac{x}{2} \\times 3$");
    expect(scopesOf(math, 1, "\\frac")).toContain("support.function.math.pns");
    expect(scopesOf(math, 1, "{x")).toContain("punctuation.section.group.begin.math.pns");
    expect(scopesOf(math, 1, "\\times")).toContain("keyword.operator.math.pns");
  });

  it("treats a bare \\begin{align*} ... \\end{align*} as display math", () => {
    const lines = tokenize("@positive", "\\begin{align*}", "x &= 2", "\\end{align*}", "after");
    expect(scopesOf(lines, 1, "align*")).toContain("entity.name.type.environment.math.pns");
    expect(scopesOf(lines, 2, "x")).toContain("variable.other.math.pns");
    expect(scopesOf(lines, 3, "align*")).toContain("entity.name.type.environment.math.pns");
    expect(scopesOf(lines, 4, "after")).toEqual(["source.pns", "meta.body.response.positive.pns"]);
  });

  it("does not open math for prices or a lone $", () => {
    const lines = tokenize("@problem p", "It costs $5 and then $10, or $ 3 $ at most.");
    for (const token of lines[1].tokens) expect(has(token.scopes, "meta.math"), token.text).toBe(false);
  });

  it("leaves a $ inside a code fence or inline code alone", () => {
    const lines = tokenize("@positive", "```python", 'cost = "$5$"', "```", "Use `$x$` literally.");
    expect(has(scopesOf(lines, 2, "$5$"), "meta.math")).toBe(false);
    expect(scopesOf(lines, 2, "$5$")).toContain("markup.fenced_code.block.pns");
    expect(has(scopesOf(lines, 4, "$x$"), "meta.math")).toBe(false);
    expect(scopesOf(lines, 4, "$x$")).toContain("markup.inline.raw.pns");
  });

  it("scopes a <think> block and keeps math highlighting inside it", () => {
    const lines = tokenize("@negative", "<think>", "Maybe $x = 2$?", "</think>", "So $\\boxed{2}$.");
    expect(scopesOf(lines, 1, "think")).toContain("entity.name.tag.think.pns");
    expect(scopesOf(lines, 2, "x")).toContain("meta.block.think.pns");
    expect(has(scopesOf(lines, 2, "x"), "markup.math.inline")).toBe(true);
    expect(scopesOf(lines, 3, "think")).toContain("entity.name.tag.think.pns");
    expect(scopesOf(lines, 4, "2")).not.toContain("meta.block.think.pns");
  });

  it("recognises GSM8K's #### answer line and calculator annotations, and \\fbox like \\boxed", () => {
    const lines = tokenize("@positive", "So 48/2 = <<48/2=24>>24.", "#### 72", "#### Step 4", "\\fbox{7}");
    expect(scopesOf(lines, 1, "<<")).toContain("comment.block.calculator.gsm8k.pns");
    expect(scopesOf(lines, 1, "24.")).not.toContain("comment.block.calculator.gsm8k.pns");
    expect(scopesOf(lines, 2, "####")).toContain("keyword.control.final-answer.pns");
    expect(scopesOf(lines, 2, "72")).toContain("markup.bold.final-answer.pns");
    expect(scopesOf(lines, 3, "Step")).toContain("markup.heading.pns");
    expect(scopesOf(lines, 4, "7")).toContain("markup.bold.boxed.pns");
  });

  it("colours a Python fence with the Python grammar, which cannot run past the fence", () => {
    const lines = tokenize("@positive", "```python", "print(1)  # check", 's = """open', "```", "After $x$.");
    expect(scopesOf(lines, 2, "print")).toContain("keyword.control.python");
    expect(scopesOf(lines, 2, "print")).toContain("meta.embedded.block.python.pns");
    expect(scopesOf(lines, 3, '"""')).toContain("string.quoted.docstring.multi.python");
    expect(scopesOf(lines, 4, "```")).toContain("punctuation.definition.fenced-code.end.pns");
    expect(has(scopesOf(lines, 5, "x"), "markup.math.inline")).toBe(true);
    const cut = tokenize("@positive", "```py", 's = """open', "@negative", "text");
    expect(scopesAt(cut, 3, 1)).toContain("keyword.control.directive.negative.pns");
    expect(scopesOf(cut, 4, "text")).toEqual(["source.pns", "meta.body.response.negative.pns"]);
  });

  it("scopes Markdown headings and list markers in bodies", () => {
    const lines = tokenize("@positive", "## Step 1: count", "- first");
    expect(scopesOf(lines, 1, "##")).toContain("punctuation.definition.heading.pns");
    expect(scopesOf(lines, 1, "Step")).toContain("markup.heading.pns");
    expect(scopesOf(lines, 2, "-")).toContain("punctuation.definition.list.begin.pns");
  });

  it("ends math regions at a blank line so an unclosed one cannot swallow the response", () => {
    for (const opener of ["$$ x = 1", "\\[ x = 1", "\\boxed{x", "$$ \\frac{1}{2"]) {
      const lines = tokenize("@positive", opener, "more math", "", "Plain again.");
      expect(has(scopesOf(lines, 2, "more"), "meta"), opener).toBe(true);
      expect(scopesOf(lines, 4, "Plain"), opener).toEqual(["source.pns", "meta.body.response.positive.pns"]);
    }
  });

  // Every construct a response can leave open must still let the next directive through:
  // otherwise one truncated sample would hide every sample after it.
  const openers: string[][] = [
    ["<think>"],
    ["```"],
    ["~~~~"],
    ["```python", 's = """never closed'],
    ["\\begin{align*}"],
    ["text $$"],
    ["text \\["],
    ["text \\boxed{"],
    ["text $$ \\frac{"],
    ["text \\[ \\text{abc {"],
    ["text $\\boxed{"],
    ["text \\("],
  ];
  for (const opener of openers) {
    for (const [name, directive] of Object.entries(directiveLines).filter(([name]) => name !== "header")) {
      it(`ends a body with an unclosed ${JSON.stringify(opener.join("\\n"))} at ${name}`, () => {
        const lines = tokenize("@negative kind=implausible", ...opener, "still open", directive, "after");
        const at = opener.length + 2;
        // The opener really is open on the next line (an unclosed \\( is the one-line exception).
        if (opener.at(-1) !== "text \\(") expect(scopesOf(lines, at - 1, "still").length).toBeGreaterThan(2);
        expect(has(scopesAt(lines, at, 1), "keyword.control.directive"), directive).toBe(true);
        expect(has(scopesAt(lines, at, 1), "markup.raw"), directive).toBe(false);
        expect(has(scopesAt(lines, at, 1), "meta.math"), directive).toBe(false);
      });
    }
  }
});

describe("hostile input", () => {
  it("tokenizes the 2,000-character line fully and in time", () => {
    const text = readFileSync(path.join(fixturesDir, "hostile.pns"), "utf8");
    const lines = tokenizeText(grammar, text, 1_000);
    const long = lines.find((line) => line.text.length >= 2_000);
    expect(long).toBeDefined();
    expect(long!.stoppedEarly).toBe(false);
    expect(long!.tokens.at(-1)!.end).toBe(long!.text.length);
    const boxed = long!.text.lastIndexOf("\\boxed{") + "\\boxed{".length;
    expect(scopesAt([long!], 0, boxed)).toContain("markup.bold.boxed.pns");
  });

  it("keeps a pathological 2,000-character line of dollars and braces under the time limit", () => {
    const line = "$a {\\frac{ $ \\$ $$ ".repeat(110).slice(0, 2_000);
    const lines = tokenizeText(grammar, `@positive\n${line}\n@negative\n`, 1_000);
    expect(lines[1].stoppedEarly).toBe(false);
    expect(scopesAt(lines, 2, 1)).toContain("keyword.control.directive.negative.pns");
  });

  it("gives a CRLF file the same scopes as its LF twin, character by character", () => {
    const crlf = readFileSync(path.join(fixturesDir, "crlf.pns"), "utf8");
    expect(crlf).toContain("\r\n");
    const withCr = tokenizeText(grammar, crlf);
    const withoutCr = tokenizeText(grammar, crlf.replace(/\r\n/g, "\n"));
    expect(withCr.length).toBe(withoutCr.length);
    withoutCr.forEach((line, index) => {
      for (let column = 0; column < line.text.length; column++) {
        expect(scopesAt(withCr, index, column), `${index + 1}:${column + 1}`).toEqual(
          scopesAt(withoutCr, index, column),
        );
      }
    });
  });
});
