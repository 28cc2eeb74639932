// Targeted assertions inside bodies: math, final answers, Markdown, code, and above all that no
// construct a response leaves open can hide the samples after it.
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
