// Finds the final answer in a model response. Rules run in a fixed order and the first that
// finds something wins; within a rule the right-most match wins (models restate, then conclude).
import { findBoxes } from "../latex/boxes";
import { MAX_ANSWER_CHARS, MAX_RESPONSE_CHARS } from "./bounds";
import type { Extraction, ExtractionMethod } from "./types";

interface Span {
  start: number;
  end: number;
}

/** The region searched: after the last `</think>`; an unclosed `<think>` hides everything after it. */
function searchRegion(response: string): Span {
  // Most responses have no `</think>`: indexOf says so several times faster than lastIndexOf,
  // which V8 runs as a plain backward loop.
  const close = response.indexOf("</think>") < 0 ? -1 : response.lastIndexOf("</think>");
  if (close >= 0) return { start: close + "</think>".length, end: response.length };
  const open = response.indexOf("<think>");
  return { start: 0, end: open >= 0 ? open : response.length };
}

/** Trims whitespace, `$`/`\(`/`\[` delimiters, Markdown bold and a final period, moving the offsets. */
const DELIMITERS = [
  ["**", "**"],
  ["$$", "$$"],
  ["$", "$"],
  ["\\(", "\\)"],
  ["\\[", "\\]"],
  // A quoted answer: `The final answer is "12 and 13".`
  ['\\"', '\\"'],
  ['"', '"'],
] as const;

const isSpace = (c: string | undefined): boolean => c === " " || c === "\n" || c === "\t" || c === "\r";

/** Works on offsets only (no slicing of the span), since a span can be a whole long response. */
function trimSpan(response: string, span: Span): Span {
  let { start, end } = span;
  for (let changed = true; changed && start < end;) {
    changed = false;
    while (start < end && isSpace(response[start])) start++;
    while (
      end > start &&
      (isSpace(response[end - 1]) || response[end - 1] === "." || response[end - 1] === ";")
    )
      end--;
    for (const [open, close] of DELIMITERS) {
      if (
        end - start >= open.length + close.length &&
        response.startsWith(open, start) &&
        response.startsWith(close, end - close.length)
      ) {
        start += open.length;
        end -= close.length;
        changed = true;
        break;
      }
    }
    if (changed) continue;
    // A lone `**` at one end: "**Answer:** 73" leaves "** 73"-style remnants.
    if (response.startsWith("**", start) && !hasBoldAt(response, start + 2, end)) {
      start += 2;
      changed = true;
    } else if (
      end - start >= 2 &&
      response.startsWith("**", end - 2) &&
      response.lastIndexOf("**", end - 3) < start
    ) {
      end -= 2;
      changed = true;
    }
  }
  return { start, end };
}

/** Whether a `**` starts in [from, end). Searched only after a `**` is seen at a span's start. */
function hasBoldAt(response: string, from: number, end: number): boolean {
  const at = response.indexOf("**", from);
  return at >= 0 && at < end;
}

function make(response: string, span: Span, method: ExtractionMethod): Extraction | null {
  const t = trimSpan(response, span);
  if (t.end <= t.start) return null;
  return { text: response.slice(t.start, t.end), start: t.start, end: t.end, method };
}

/**
 * Minerva's "Final Answer: The final answer is X. I hope it is correct." Anchored on the closing
 * phrase and searched backwards in a bounded window, so repeated openings cannot make it quadratic.
 */
function finalAnswerSentence(response: string, region: Span): Extraction | null {
  const hope = /I hope it is correct/gi;
  hope.lastIndex = region.start;
  const ends: number[] = [];
  for (let m = hope.exec(response); m !== null && m.index < region.end; m = hope.exec(response))
    ends.push(m.index);
  for (let k = ends.length - 1; k >= 0 && ends.length - k <= 8; k--) {
    const end = ends[k];
    const from = Math.max(region.start, end - MAX_ANSWER_CHARS - 40);
    const window = response.slice(from, end);
    const opening = /final answer is\s*:?\s*/gi;
    let start = -1;
    for (let m = opening.exec(window); m !== null; m = opening.exec(window))
      start = from + m.index + m[0].length;
    if (start >= 0 && start < end) {
      const found = make(response, { start, end }, "final-answer-sentence");
      if (found) return found;
    }
  }
  return null;
}

/** Boxes tried from the right; enough for any real list of boxes, few enough to bound hostile input. */
const MAX_BOXES = 64;

interface Box extends Span {
  /** Offsets of the whole `\boxed{...}` including the command. */
  outerStart: number;
  outerEnd: number;
}

/**
 * The right-most boxes of the region, in reading order, from the core's one box finder
 * (core/latex/boxes.ts): the last MAX_BOXES box commands, each brace-matched within
 * MAX_ANSWER_CHARS, unclosed (truncated) boxes skipped, nested boxes part of their outer box.
 */
function regionBoxes(response: string, region: Span): Box[] {
  return findBoxes(response, {
    from: region.start,
    to: region.end,
    maxContent: MAX_ANSWER_CHARS,
    last: MAX_BOXES,
  }).map((b) => ({ start: b.contentStart, end: b.contentEnd, outerStart: b.start, outerEnd: b.end }));
}

/**
 * Text between two boxes that only lists parts of one answer ("$\boxed{1}$ and $\boxed{2}$"):
 * separators, spacing, or a divider drawn with a run of one symbol (`+++`, `---`, `===`), which
 * has no words to make the later box a correction. A single `+` or `-` is not a divider; each run
 * is read whole (the lookahead), so a long run cannot make the pattern backtrack. A backslash
 * that ends the text is the first half of a doubled `\\boxed` (text escaped twice).
 */
const BOX_JOINER =
  /^(?:\s|\$|\\[()[\]]|\\q?quad\b|\\[,;!]|,|;|&|\band\b|\bor\b|\+{3,}(?!\+)|-{3,}(?!-)|={3,}(?!=)|\*{3,}(?!\*)|\\text\s*\{\s*(?:and|or|,|;)?\s*\}|\\$)*$/i;

/**
 * Whether the text between two boxes makes them parts of one answer: only separators
 * (BOX_JOINER), or a short label in the same sentence ("$\\boxed{1}$ papers and $\\boxed{2}$ bins",
 * "\\( y_1 = \\boxed{…} \\) and \\( y_2 = \\boxed{…} \\)"): at most 60 characters, no sentence end,
 * no blank line, at most four prose words.
 */
function joinsBoxes(between: string): boolean {
  if (BOX_JOINER.test(between)) return true;
  if (between.length > 60 || /\n\s*\n|[.!?:](?:\s|$)/.test(between)) return false;
  // A connective must join them, and nothing may say that one replaces the other ("then", "but").
  if (!/\band\b|[,;&]/.test(between) || REPLACING_WORDS.test(between)) return false;
  return proseWords(between) <= 4;
}

/** Words between two boxes that make the later one a correction or a next step, not a part. */
const REPLACING_WORDS =
  /\b(?:then|but|so|actually|instead|rather|wait|hence|thus|therefore|not|no|correct|wrong|final|answer|is|was|gives?|get|after|before|first|second|finally)\b/i;

function boxed(response: string, region: Span): Extraction | null {
  const boxes = regionBoxes(response, region);
  const last = boxes[boxes.length - 1];
  if (!last) return null;
  const group = [last];
  for (let i = boxes.length - 2; i >= 0; i--) {
    const box = boxes[i];
    if (!joinsBoxes(response.slice(box.outerEnd, group[0].outerStart))) break;
    group.unshift(box);
  }
  // One box (the usual case): its trimmed text is the answer, null when that is empty.
  if (group.length === 1) return make(response, last, "boxed");
  const parts: string[] = [];
  for (const box of group) {
    const t = trimSpan(response, box);
    const text = response.slice(t.start, t.end);
    if (text !== "" && !parts.includes(text)) parts.push(text);
  }
  if (parts.length === 0) return null;
  if (parts.length === 1) {
    // Identical repeats collapse to the last copy so the offsets point at one box.
    return make(response, last, "boxed");
  }
  const first = trimSpan(response, group[0]);
  const end = trimSpan(response, last);
  return { text: parts.join(", "), start: first.start, end: end.end, method: "boxed" };
}

function lastMatch(response: string, region: Span, re: RegExp, method: ExtractionMethod): Extraction | null {
  re.lastIndex = region.start;
  let found: Span | null = null;
  let m: RegExpExecArray | null;
  while ((m = re.exec(response)) !== null && m.index < region.end) {
    const group = m[1] ?? "";
    const start = m.index + m[0].length - group.length;
    found = { start, end: Math.min(region.end, start + group.length) };
    if (m[0].length === 0) re.lastIndex++;
  }
  return found ? make(response, found, method) : null;
}

/** "The answer is X" / "Answer: X": X runs to the end of the sentence or line. */
function answerPhrase(response: string, region: Span): Extraction | null {
  // The phrase regex tries four openings at every position (about 1 µs over a 400-character
  // response); a plain search for the word it needs rules most responses out in a tenth of that.
  if (!/answer/i.test(response)) return null;
  // "answer" must open a line or follow "the"/"final"/bold, so "Let me answer: first..." is no answer.
  const re =
    /(?:^[ \t#>*-]*|\bthe\s+(?:final\s+)?|\bfinal\s+|\*\*)answer\b(?:\*\*)?\s*(?:is\s*:?|:|=)\s*(?:\*\*)?[ \t]*(?:\r?\n[ \t]*)?([^\n]*)/gim;
  const found = lastMatch(response, region, re, "answer-phrase");
  if (!found) return null;
  // Cut at a sentence end that is not a decimal point: "is 5. Then" -> "5".
  const cut = /\.(?=\s|$)(?<!\d\.(?=\d))|\s+(?:because|since|which|as)\s|\s+\((?=[a-zA-Z]{2,}[\s)])/.exec(
    found.text,
  );
  const end = cut && cut.index > 0 ? found.start + cut.index : found.end;
  return (
    valueInProse(response, { start: found.start, end }) ??
    make(response, { start: found.start, end }, "answer-phrase")
  );
}

/**
 * "Final Answer: The largest $n$ is 34" names its value inside a sentence: take what follows the
 * last "is"/"are"/"equals"/"=", else the last math span or number in the sentence.
 */
function valueInProse(response: string, span: Span): Extraction | null {
  const text = response.slice(span.start, span.end);
  if (proseWords(text) < 3) return null;
  const tail = /\b(?:is|are|equals|was|be)\s+(?:approximately\s+|about\s+)?(?!\s)/gi;
  let at = -1;
  for (let m = tail.exec(text); m !== null; m = tail.exec(text)) at = m.index + m[0].length;
  if (at >= 0 && proseWords(text.slice(at)) <= 1) {
    return make(response, { start: span.start + at, end: span.end }, "answer-phrase");
  }
  const inner = lastMathSpan(response, span);
  if (inner) return { ...inner, method: "answer-phrase" };
  const re = new RegExp(LAST_NUMBER.source, "g");
  const number = lastMatch(response, span, re, "answer-phrase");
  return number;
}

/** A `$` right before a digit is a currency sign unless it opens a short formula closed on the same line. */
function isCurrency(response: string, at: number, close: number): boolean {
  if (!/\d/.test(response[at + 1] ?? "")) return false;
  if (close < 0) return true;
  const body = response.slice(at + 1, close);
  return /\n|\s[A-Za-z]{3,}\s/.test(body) || /^\d/.test(response[close + 1] ?? "") || /\s$/.test(body);
}

function lastMathSpan(response: string, region: Span): Extraction | null {
  let found: Span | null = null;
  let i = region.start;
  while (i < region.end) {
    const c = response[i];
    if (c === "\\" && (response[i + 1] === "(" || response[i + 1] === "[")) {
      const closer = response[i + 1] === "(" ? "\\)" : "\\]";
      const close = response.indexOf(closer, i + 2);
      if (close < 0 || close >= region.end) break;
      found = { start: i + 2, end: close };
      i = close + 2;
    } else if (c === "\\") {
      i += 2;
    } else if (c === "$") {
      const double = response[i + 1] === "$";
      const width = double ? 2 : 1;
      let close = response.indexOf(double ? "$$" : "$", i + width);
      while (close > 0 && response[close - 1] === "\\") close = response.indexOf("$", close + 1);
      if (!double && isCurrency(response, i, close)) {
        i++;
        continue;
      }
      if (close < 0 || close >= region.end) break;
      found = { start: i + width, end: close };
      i = close + width;
    } else i = nextMathChar(response, i + 1, region.end);
  }
  return found ? make(response, found, "latex-math") : null;
}

/** The characters lastMathSpan acts on; every other character is skipped. */
const MATH_CHAR = /[\\$]/g;

/**
 * Offset of the next `\` or `$` from `from`, or `end`. A regex search skips prose much faster
 * than a character loop; test() rather than exec(), as it allocates no match.
 */
function nextMathChar(response: string, from: number, end: number): number {
  MATH_CHAR.lastIndex = from;
  return MATH_CHAR.test(response) ? Math.min(MATH_CHAR.lastIndex - 1, end) : end;
}

/** Words of two or more letters outside LaTeX commands and `\text{}` bodies. */
function proseWords(text: string): number {
  const bare = text
    .replace(/\\(?:begin|end)\s*\{[a-zA-Z*]*\}(?:\{[^{}]*\})?/g, " ")
    .replace(/\\(?:text\w*|mathrm|mbox)\s*\{[^{}]*\}/g, " ")
    .replace(/\\[a-zA-Z]+/g, " ");
  return (bare.match(/[a-zA-Z]{2,}/g) ?? []).filter((w) => !MATH_WORD.test(w)).length;
}
const MATH_WORD = /^(?:sin|cos|tan|sec|csc|cot|ln|log|exp|sqrt|pi|and|or|arcsin|arccos|arctan)$/i;

/**
 * A response that is itself a bare answer ("\frac{1}{2}", "x \in [1, 2]", "Monday"): short, one
 * line, and at most `maxWords` prose words. Graders are often fed extracted answers directly.
 */
function wholeResponse(response: string, region: Span, maxWords: number): Extraction | null {
  const text = response.slice(region.start, region.end);
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.length > 200 || trimmed.includes("\n")) return null;
  // "Answer $9$": a word before a formula is a label; the formula is found next.
  const words = proseWords(trimmed);
  if (words > maxWords || (words > 0 && maxWords <= 1 && /\$|\\[([]/.test(trimmed.slice(1)))) return null;
  return make(response, region, "whole-response");
}

/**
 * A number not glued to a word: -12, 1,234, 3.5, 3/4, a decimal comma (2,74); a unit may follow
 * it directly (`1,000.99m²`, `12cm`), a variable may not (`2x` is no number).
 */
const LAST_NUMBER =
  /(?<![\w.]|\d,)(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+|,\d{1,2}(?![\d,]))?(?:\/\d+)?)(?:(?![\w])|(?=(?:mm|cm|km|m|kg|mg|g|ml|mL|l|L|s|ms|h|hr|min|ft|in|yd|mi|lb|oz)(?:[²³]|\^\d)?(?![\w])))/;

/** "Therefore, …", "Thus …", "So …", "Hence …" opening a sentence. */
const CONCLUSION = /(?:^|[.!?]\$*\s+|\n\s*)(?:Therefore|Thus|Hence|So|In conclusion)\b,?\s*/g;

/**
 * A concluding sentence in prose after the last formula: "…. Therefore, there are 12 distinct
 * sequences." The number it states is the answer, not the formula worked out before it. Only when
 * the sentence is near the end (the last 400 characters), has a number, and has no formula.
 */
function conclusion(response: string, region: Span): Extraction | null {
  const from = Math.max(region.start, region.end - 400);
  CONCLUSION.lastIndex = from;
  let start = -1;
  for (let m = CONCLUSION.exec(response); m !== null && m.index < region.end; m = CONCLUSION.exec(response))
    start = m.index + m[0].length;
  if (start < 0) return null;
  const rest = response.slice(start, region.end);
  const stop = /[.!?](?:\s|$)(?<!\d\.(?=\d))/.exec(rest);
  const sentence = { start, end: start + (stop ? stop.index : rest.length) };
  const text = response.slice(sentence.start, sentence.end);
  if (/[$\\]/.test(text)) return null;
  const number = lastMatch(response, sentence, new RegExp(LAST_NUMBER.source, "g"), "last-number");
  return number ? { ...number, method: "conclusion" } : null;
}

export function extractFinalAnswer(response: string): Extraction | null {
  if (response.length > MAX_RESPONSE_CHARS) return null;
  const region = searchRegion(response);
  return (
    finalAnswerSentence(response, region) ??
    boxed(response, region) ??
    lastMatch(response, region, /^[ \t]*####[ \t]*([^\n]*)/gm, "gsm8k") ??
    answerPhrase(response, region) ??
    wholeResponse(response, region, 1) ??
    conclusion(response, region) ??
    lastMathSpan(response, region) ??
    lastMatch(response, region, new RegExp(LAST_NUMBER.source, "g"), "last-number") ??
    wholeResponse(response, region, 4)
  );
}
