import { describe, expect, it } from "vitest";
import { fingerprint, jaccard } from "../../../../server/src/core/analysis/duplicates";
import { defaultSettings } from "../../../../server/src/core/config/index";
import {
  checkFormat,
  FORMAT_RULES,
  findBoxes,
  ResponseText,
} from "../../../../server/src/core/reward/format/index";
import { countSteps } from "../../../../server/src/core/reward/format/steps";
import { splitSteps } from "../../../../server/src/core/reward/steps";

/**
 * The fast scans (bytes instead of string characters, pooled typed arrays, bucket-sorted shingles)
 * against plain reference implementations, on ASCII, non-ASCII and long texts.
 */

const fnv = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
};
/** Lower-cases ASCII letters only, as the word hashes do. */
const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

function referenceWords(text: string): [number, number, number, number][] {
  return [...text.matchAll(/\S+/g)].map((m) => [
    m.index,
    m.index + m[0].length,
    fnv(m[0]),
    fnv(asciiLower(m[0])),
  ]);
}

function referenceShingles(text: string, size: number): number[] {
  const hashes = referenceWords(text).map((w) => w[3]);
  const poly = (part: number[]): number => part.reduce((h, x) => (Math.imul(h, 0x01000193) + x) | 0, 0);
  if (hashes.length <= size) return hashes.length === 0 ? [] : [poly(hashes)];
  const all: number[] = [];
  for (let k = 0; k + size <= hashes.length && all.length < 2048; k++)
    all.push(poly(hashes.slice(k, k + size)));
  return [...new Set(all)].sort((a, b) => a - b);
}

/** Deterministic pseudo-random words, so long texts have distinct shingles. */
function longText(words: number, seed: number, separator = " "): string {
  let x = seed;
  const out: string[] = [];
  for (let k = 0; k < words; k++) {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    out.push(`w${x % 997}${k % 7 === 0 ? "X" : ""}`);
  }
  return out.join(separator);
}

const TEXTS: [string, string][] = [
  ["empty", ""],
  ["blank", " \t\n\r\n "],
  ["ASCII", "We add 2 and 3.\nSo $2 + 3 = 5$.\n\nThe Answer is $\\boxed{5}$."],
  ["Unicode spaces", "a\u00a0b\u2003c\u3000d\ufeffe\u2028f\u1680g"],
  ["non-ASCII words", "Ответ: 5 — 答案是 5, naïve Ä café 😀 x²"],
  ["lone surrogate", "a \ud800 b \udfff\ud800c"],
  ["repeated words", "the same the same the same the same the same the same"],
  ["long", longText(3000, 2)],
  ["long, lines", longText(5000, 3, "\n")],
  ["longer than the scratch, non-ASCII", longText(15000, 4, "\u00a0é ")],
];

describe("ResponseText.words", () => {
  it.each(TEXTS)("%s: offsets and hashes as a /\\S+/ split gives them", (_name, text) => {
    const words = new ResponseText(text).words;
    const got = Array.from({ length: words.count }, (_, k) => [
      words.start(k),
      words.end(k),
      words.hash(k),
      words.lowerHash(k),
    ]);
    expect(got).toEqual(referenceWords(text));
  });

  it("keeps each response's words when many are scanned", () => {
    const texts = Array.from({ length: 200 }, (_, k) => longText(20 + (k % 50), k));
    const all = texts.map((t) => new ResponseText(t));
    const counts = all.map((r) => r.words.count);
    all.forEach((r, k) => expect(r.words.hash(counts[k] - 1)).toBe(referenceWords(texts[k]).at(-1)![2]));
  });
});

describe("scratch beyond its kept size", () => {
  it("scans a response of megabytes, then small ones, exactly", () => {
    const huge = "ab Ж ".repeat(300_000);
    const words = new ResponseText(huge).words;
    expect(words.count).toBe(600_000);
    expect([words.start(599_999), words.end(599_999)]).toEqual([huge.length - 2, huge.length - 1]);
    expect(new ResponseText(huge).math.openAtEnd).toEqual([]);
    for (const [, text] of TEXTS.slice(0, 5)) {
      const small = new ResponseText(text).words;
      expect(Array.from({ length: small.count }, (_, k) => small.hash(k))).toEqual(
        referenceWords(text).map((w) => w[2]),
      );
    }
  });
});

describe("fingerprint", () => {
  it.each(TEXTS)("%s: sorted unique shingles as a Set gives them", (_name, text) => {
    for (const size of [1, 3, 5]) {
      expect(Array.from(fingerprint(new ResponseText(text), size).shingles)).toEqual(
        referenceShingles(text, size),
      );
    }
  });

  it("gives equal texts up to case and spacing the same shingles, and a similarity of 1", () => {
    const a = fingerprint(new ResponseText("The answer IS 5 because 2 + 3 = 5"), 3);
    const b = fingerprint(new ResponseText("the  answer is\n5 because 2 + 3 = 5 "), 3);
    expect(jaccard(a.shingles, b.shingles)).toBe(1);
    expect(a.textHash).not.toBe(b.textHash);
  });
});

describe("countSteps", () => {
  it.each([
    "",
    "One line",
    "First. Second line here",
    "Add 2.5 and 3. Then $x$. So \\(y\\). e.g. this. And ?! Yes",
    "A.\tB!\u00a0C?\u3000D.\nE.  \r\nF",
    "## Step 1\n\n$$\n\\begin{aligned}\nx &= 1\n\\end{aligned}\n$$\n\nThe answer is 1.\n",
    "...\n---\n1\n. A",
    longText(400, 5, ". "),
  ])("counts what splitSteps finds in %j, up to the limit", (text) => {
    const all = splitSteps(text).length;
    expect(countSteps(text, Infinity)).toBe(all);
    for (const limit of [1, 2, 3]) expect(countSteps(text, limit)).toBe(Math.min(all, limit));
  });
});

describe("findBoxes", () => {
  it("finds \\boxed and \\fbox in order, not longer command names", () => {
    const text = "\\boxedx{1} \\fbox{2} \\boxed {3} \\fboxes \\boxed\n4 \\boxed";
    expect(findBoxes(text).map((b) => [text.slice(b.start, b.end), b.content, b.closed])).toEqual([
      ["\\fbox{2}", "2", true],
      ["\\boxed {3}", "3", true],
      ["\\boxed\n4", "4", true],
    ]);
  });
});

describe("checkFormat's shared bytes", () => {
  it("finds what each rule finds on a response of its own, text after text", () => {
    const settings = defaultSettings();
    settings.formatRules.mixedLanguage.minRunChars = 1;
    const texts = [...TEXTS.map(([, t]) => t), "中文 $x$ \\begin{a}", "plain $x", "Ответ: {", "plain $x"];
    for (const text of texts) {
      const alone = FORMAT_RULES.flatMap((rule) =>
        rule.check(new ResponseText(text), settings.formatRules[rule.key] as never),
      );
      expect(checkFormat(text, settings).findings).toEqual(alone);
    }
  });
});
