// Hostile input: a 2,000-character line, a pathological line of dollars and braces, CRLF line ends.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { IGrammar } from "vscode-textmate";
import { fixturesDir, loadPnsGrammar, scopesAt, tokenizeText } from "./harness";

let grammar: IGrammar;
beforeAll(async () => {
  grammar = await loadPnsGrammar();
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
