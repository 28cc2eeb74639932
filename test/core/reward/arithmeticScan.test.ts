import { describe, expect, it } from "vitest";
import { runStart } from "../../../server/src/core/reward/arithmetic/run";
import { Kind, TokenList, tokenize } from "../../../server/src/core/reward/arithmetic/tokens";

// The scanner and the tokeniser are written out by hand for speed; these tests hold them to the
// regular expressions they replace, on pseudo-random text built from the characters that matter.

/** An arithmetic run, as a regular expression: what `runStart` and `tokenize` must agree with. */
const RUN =
  /(?:[0-9.,+\-*/^()[\]{}!%×÷·−=~ \t&]|\\(?:d?frac|tfrac|sqrt|times|cdot|div|left|right|boxed)(?![A-Za-z])|\\[,;:! %$])+/g;

/** A number: thousands groups only in threes, a decimal part, or a plain number. */
const NUMBER = /\d{1,3}(?:(?:,|\{,\}|\\,)\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|\.\d+/y;

const PIECES = [
  ..."0123456789.,+-*/^()[]{}!%×÷·−=~ \t&$;:_'xyπ\n",
  "\\",
  "\\frac",
  "\\dfrac",
  "\\sqrt",
  "\\times",
  "\\timesx",
  "\\cdot",
  "\\left(",
  "\\right)",
  "\\boxed",
  "\\pi",
  "\\text",
  "\\,",
  "\\;",
  "\\$",
  "\\%",
  "\\ ",
  "\\\\",
  "{,}",
  "1,234",
  "1,2345",
  "12,345,6789",
  "1\\,000",
];

/** Deterministic pseudo-random texts (a linear congruential generator). */
function texts(count: number, seed: number): string[] {
  let state = seed;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state % n;
  };
  return Array.from({ length: count }, () => {
    let text = "";
    for (let k = 1 + next(24); k > 0; k--) text += PIECES[next(PIECES.length)];
    return text;
  });
}

describe("arithmetic run scanner", () => {
  it("finds the start of the run around each `=` that the run pattern matches", () => {
    let runs = 0;
    for (const text of texts(5_000, 7)) {
      for (const m of text.matchAll(RUN)) {
        const eq = m[0].indexOf("=");
        if (eq < 0) continue;
        expect(runStart(text, m.index + eq), JSON.stringify(text)).toBe(m.index);
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(500);
  });

  it("tokenises a run side by side, reading numbers as the number pattern does", () => {
    const tokens = new TokenList(1_000);
    let numbers = 0;
    for (const text of texts(5_000, 11)) {
      for (const m of text.matchAll(RUN)) {
        let stop = m.index - 1;
        do {
          stop = tokenize(text, stop + 1, tokens);
          for (let k = 0; k < tokens.length; k++) {
            if (tokens.kind[k] !== Kind.Num) continue;
            NUMBER.lastIndex = tokens.start[k];
            expect(NUMBER.exec(text)?.[0], JSON.stringify(text)).toBe(
              text.slice(tokens.start[k], tokens.end[k]),
            );
            numbers++;
          }
        } while (text[stop] === "=");
        expect(stop, JSON.stringify(text)).toBe(m.index + m[0].length);
      }
    }
    expect(numbers).toBeGreaterThan(5_000);
  });
});
