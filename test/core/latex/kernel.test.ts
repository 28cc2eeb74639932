import { describe, expect, it } from "vitest";
import {
  findBoxes,
  lastBoxContent,
  matchBrace,
  splitRows,
  tokenize,
  wholeEnvironment,
} from "../../../server/src/core/latex/index";

const contents = (text: string, options = {}): string[] =>
  findBoxes(text, options).map((b) => text.slice(b.contentStart, b.contentEnd));

describe("the one brace matcher", () => {
  it("skips escaped braces and finds the matching one", () => {
    expect(matchBrace("{a{b}c}", 0)).toBe(6);
    expect(matchBrace("{\\{}", 0)).toBe(3);
    expect(matchBrace("{a{b}", 0)).toBe(-1);
    expect(matchBrace("{abc}", 0, 3)).toBe(-1);
  });
});

describe("the one box finder", () => {
  it("brace-matches boxes; a nested box is part of its outer box", () => {
    expect(contents("\\boxed{\\frac{1}{2}} and \\fbox{3} and \\boxed 7")).toEqual(["\\frac{1}{2}", "3", "7"]);
    expect(contents("\\boxed{\\boxed{5}}")).toEqual(["\\boxed{5}"]);
    expect(contents("\\boxedtext{5}")).toEqual([]);
  });

  it("stops at an unclosed box, or skips it, as asked", () => {
    const text = "\\boxed{1} then \\boxed{2 and \\boxed{3}";
    const stop = findBoxes(text, { unclosed: "stop" });
    expect(stop.map((b) => b.closed)).toEqual([true, false]);
    expect(contents(text, { unclosed: "skip" })).toEqual(["1", "3"]);
    expect(contents(text, { last: 64 })).toEqual(["1", "3"]);
    expect(lastBoxContent(text)).toBe("3");
  });

  it("bounds the content it looks at and the boxes it matches", () => {
    expect(contents(`\\boxed{${"x".repeat(50)}}`, { maxContent: 10, unclosed: "skip" })).toEqual([]);
    const many = "\\boxed{1} ".repeat(100);
    expect(contents(many, { last: 5 })).toHaveLength(5);
  });

  it("stays linear on hostile input", () => {
    const hostile = "\\boxed{".repeat(100_000);
    const started = performance.now();
    expect(findBoxes(hostile, { last: 64, maxContent: 4000 })).toEqual([]);
    expect(findBoxes(hostile, { unclosed: "stop" })).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("environments", () => {
  it("splits rows at a top-level \\\\ whatever follows it, cells at &", () => {
    for (const body of ["4\\\\-1", "4 \\\\ -1", "4\\\\ -1", "4 \\\\-1 \\\\", "4\\\\[2pt]-1"]) {
      expect(splitRows(body), body).toEqual([["4"], ["-1"]]);
    }
    expect(splitRows("1 & \\frac{1}{2} \\\\ 3 & 4")).toEqual([
      ["1", "\\frac{1}{2}"],
      ["3", "4"],
    ]);
    expect(wholeEnvironment("\\begin{array}{cc} 1 & 2 \\end{array}")).toMatchObject({
      name: "array",
      spec: "cc",
      rows: [["1", "2"]],
    });
    expect(wholeEnvironment("\\begin{pmatrix} 1 \\end{pmatrix} + 1")).toBeNull();
  });
});

describe("the tokenizer", () => {
  it("reads commands, groups, row breaks, cells, numbers and words", () => {
    const kinds = tokenize("\\frac{1}{2} \\\\ x & 3cm").tokens.map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toEqual([
      "command:\\frac",
      "open:{",
      "number:1",
      "close:}",
      "open:{",
      "number:2",
      "close:}",
      "row:\\\\",
      "word:x",
      "cell:&",
      "number:3",
      "word:cm",
    ]);
  });

  it("never fails and caps its output", () => {
    const { tokens, truncated } = tokenize("{".repeat(10_000));
    expect(truncated).toBe(true);
    expect(tokens.length).toBeLessThanOrEqual(2000);
    expect(tokenize("\\").tokens.map((t) => t.kind)).toEqual(["escape"]);
  });
});
