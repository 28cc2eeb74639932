import type { ResponseFinding } from "../types";
import type { ResponseText } from "./responseText";
import type { FormatRule } from "./rule";

const B = 0x01000193;
const B2 = 0x5bd1e995;

/** Powers of the two bases, for removing the token that leaves the rolling window. */
function pow32(base: number, exponent: number): number {
  let r = 1;
  for (let k = 0; k < exponent; k++) r = Math.imul(r, base);
  return r;
}

/**
 * The most repeated token n-gram, found with two rolling hashes over token ids (one pass, no
 * substring copies): a generation caught in a loop repeats the same long n-gram many times.
 */
function repeatedNgram(response: ResponseText, n: number, minRepeats: number): ResponseFinding | undefined {
  const words = response.words;
  // Fewer words than minRepeats non-overlapping n-grams: no loop possible (most responses stop here).
  if (words.count < n * minRepeats) return undefined;
  // Word hashes serve as token ids: a collision would need two different words in the same
  // positions of many n-grams to matter.

  const drop1 = pow32(B, n - 1);
  const drop2 = pow32(B2, n - 1);
  const seen = new Map<number, { count: number; first: number; last: number; nextFree: number }>();
  let best: { count: number; first: number; last: number } | undefined;
  let h1 = 0;
  let h2 = 0;
  for (let k = 0; k < words.count; k++) {
    if (k >= n) {
      h1 = (h1 - Math.imul(words.hash(k - n), drop1)) | 0;
      h2 = (h2 - Math.imul(words.hash(k - n), drop2)) | 0;
    }
    h1 = (Math.imul(h1, B) + words.hash(k)) | 0;
    h2 = (Math.imul(h2, B2) + words.hash(k)) | 0;
    if (k < n - 1) continue;
    const startWord = k - n + 1;
    const key = (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
    const entry = seen.get(key);
    if (!entry) {
      seen.set(key, { count: 1, first: startWord, last: k, nextFree: k + 1 });
    } else if (startWord >= entry.nextFree) {
      // Count non-overlapping occurrences only: `a a a a` is one 3-gram twice, not twice over.
      entry.count++;
      entry.last = k;
      entry.nextFree = k + 1;
      if (entry.count >= minRepeats && (!best || entry.count > best.count)) best = entry;
    }
  }
  if (!best) return undefined;
  const first = words.start(best.first);
  const ngram = response.text.slice(first, words.end(best.first + n - 1));
  const shown = ngram.length > 60 ? `${ngram.slice(0, 57)}...` : ngram;
  return {
    code: "repetition",
    message: `Repetition loop: '${shown}' occurs ${best.count} times`,
    start: first,
    end: words.end(best.last),
    severity: "warning",
  };
}

/** A run of identical non-trivial consecutive lines. */
function repeatedLines(text: string, minRepeats: number): ResponseFinding | undefined {
  let runStart = 0;
  let runCount = 0;
  let previous: string | undefined;
  let best: { start: number; end: number; count: number; line: string } | undefined;
  let offset = 0;
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed.length >= 4 && trimmed === previous) {
      runCount++;
    } else {
      runStart = offset;
      runCount = 1;
    }
    previous = trimmed.length >= 4 ? trimmed : undefined;
    if (runCount >= minRepeats && (!best || runCount > best.count)) {
      best = { start: runStart, end: offset + line.length, count: runCount, line: trimmed };
    }
    offset += line.length + 1;
  }
  if (!best) return undefined;
  const shown = best.line.length > 60 ? `${best.line.slice(0, 57)}...` : best.line;
  return {
    code: "repetition",
    message: `Repetition loop: the line '${shown}' repeats ${best.count} times in a row`,
    start: best.start,
    end: best.end,
    severity: "warning",
  };
}

export const repetitionRule: FormatRule<"repetition"> = {
  key: "repetition",
  codes: ["repetition"],
  description: "No repetition loops: a repeated n-gram or a run of identical lines.",
  check(response, params) {
    const lines = repeatedLines(response.text, params.minRepeats);
    const ngram = repeatedNgram(response, params.ngram, params.minRepeats);
    if (lines && ngram) return [ngram.end - ngram.start >= lines.end - lines.start ? ngram : lines];
    return lines ? [lines] : ngram ? [ngram] : [];
  },
};
