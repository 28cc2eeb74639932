import type { ResponseFinding } from "../types";
import type { ResponseText, Words } from "./responseText";
import type { FormatRule } from "./rule";

const B = 0x01000193;
const B2 = 0x5bd1e995;

/** Powers of the two bases, for removing the token that leaves the rolling window. */
function pow32(base: number, exponent: number): number {
  let r = 1;
  for (let k = 0; k < exponent; k++) r = Math.imul(r, base);
  return r;
}

/** Reusable typed arrays for {@link repeatedNgram}: per-slot data and a power-of-two key table. */
interface NgramScratch {
  /** The key of the n-gram starting at each word. */
  startKeys: Int32Array;
  counts: Int32Array;
  firsts: Int32Array;
  lasts: Int32Array;
  nextFree: Int32Array;
  keys: Int32Array;
  /** Slot index + 1 per table cell; 0 marks an empty cell. */
  slotPlusOne: Int32Array;
  /** Table size - 1 for the current call (at most half full). */
  mask: number;
  /** Occurrence counters by the low bits of keys, all zero between calls. */
  tally: Int32Array;
}

const scratch: NgramScratch = {
  startKeys: new Int32Array(0),
  counts: new Int32Array(0),
  firsts: new Int32Array(0),
  lasts: new Int32Array(0),
  nextFree: new Int32Array(0),
  keys: new Int32Array(0),
  slotPlusOne: new Int32Array(0),
  mask: 0,
  tally: new Int32Array(0),
};

/** Tally counters per table cell: few enough n-grams share a counter that a false alarm is rare. */
const TALLY_PER_CELL = 8;

/**
 * Scratch sized for `slots` n-grams. Pure in effect: every cell read in a call is written earlier
 * in the same call (the table is cleared up to its mask, the tally is left cleared), and calls
 * never interleave.
 */
function scratchFor(slots: number): NgramScratch {
  if (scratch.counts.length < slots) {
    const size = Math.max(slots, scratch.counts.length * 2);
    scratch.startKeys = new Int32Array(size);
    scratch.counts = new Int32Array(size);
    scratch.firsts = new Int32Array(size);
    scratch.lasts = new Int32Array(size);
    scratch.nextFree = new Int32Array(size);
  }
  let table = 16;
  while (table < slots * 2) table *= 2;
  if (scratch.keys.length < table) {
    scratch.keys = new Int32Array(table);
    scratch.slotPlusOne = new Int32Array(table);
    scratch.tally = new Int32Array(table * TALLY_PER_CELL);
  }
  scratch.mask = table - 1;
  return scratch;
}

/**
 * Fills `out` with the key of each n-gram, by start word, from two rolling hashes over token ids
 * (one pass, no substring copies), and tells whether some key may occur `minRepeats` times, from
 * counters indexed by the keys' low bits. The counters only over-count (overlapping occurrences,
 * keys sharing a counter), so a loop needs this; nearly no response has it, and the exact count
 * (a table of each distinct n-gram's positions) is then not needed.
 *
 * Word hashes serve as token ids: a collision would need two different words in the same
 * positions of many n-grams to matter.
 */
function ngramKeys(words: Words, n: number, minRepeats: number, out: Int32Array, tally: Int32Array): boolean {
  const drop1 = pow32(B, n - 1);
  const drop2 = pow32(B2, n - 1);
  const mask = tally.length - 1;
  let h1 = 0;
  let h2 = 0;
  let mayRepeat = false;
  for (let k = 0; k < words.count; k++) {
    if (k >= n) {
      const leaving = words.hash(k - n);
      h1 = (h1 - Math.imul(leaving, drop1)) | 0;
      h2 = (h2 - Math.imul(leaving, drop2)) | 0;
    }
    const entering = words.hash(k);
    h1 = (Math.imul(h1, B) + entering) | 0;
    h2 = (Math.imul(h2, B2) + entering) | 0;
    if (k < n - 1) continue;
    // A 30-bit key; mixing in the second hash makes a collision between the few thousand n-grams
    // of one response negligible. Equal keys are the same n-gram, exactly as with a Map.
    const key = (h1 ^ (h2 >>> 7)) & 0x3fffffff;
    out[k - n + 1] = key;
    if (++tally[key & mask] >= minRepeats) mayRepeat = true;
  }
  // Leave the counters clear for the next call.
  for (let s = words.count - n; s >= 0; s--) tally[out[s] & mask] = 0;
  return mayRepeat;
}

/**
 * The most repeated token n-gram: a generation caught in a loop repeats the same long n-gram many
 * times.
 */
function repeatedNgram(response: ResponseText, n: number, minRepeats: number): ResponseFinding | undefined {
  const words = response.words;
  // Fewer words than minRepeats non-overlapping n-grams: no loop possible.
  if (words.count < n * minRepeats) return undefined;
  // Per distinct n-gram: occurrences, first and last word, next non-overlapping start, in typed
  // arrays indexed through an open-addressing table of keys. The arrays are scratch reused across
  // calls (grown, never shrunk): a Map and four fresh arrays per response were a third of the
  // format rules' time and much of their garbage on a 40 MB file.
  const slots = words.count - n + 1;
  const scratch = scratchFor(slots);
  const { startKeys, counts, firsts, lasts, nextFree, keys, slotPlusOne } = scratch;
  if (!ngramKeys(words, n, minRepeats, startKeys, scratch.tally)) return undefined;
  const mask = scratch.mask;
  slotPlusOne.fill(0, 0, mask + 1);
  let used = 0;
  let best = -1;
  for (let startWord = 0; startWord < slots; startWord++) {
    const k = startWord + n - 1;
    const key = startKeys[startWord];
    let at = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    while (slotPlusOne[at] !== 0 && keys[at] !== key) at = (at + 1) & mask;
    if (slotPlusOne[at] === 0) {
      const fresh = used++;
      keys[at] = key;
      slotPlusOne[at] = fresh + 1;
      counts[fresh] = 1;
      firsts[fresh] = startWord;
      lasts[fresh] = k;
      nextFree[fresh] = k + 1;
      continue;
    }
    const slot = slotPlusOne[at] - 1;
    if (startWord >= nextFree[slot]) {
      // Count non-overlapping occurrences only: `a a a a` is one 3-gram twice, not twice over.
      counts[slot]++;
      lasts[slot] = k;
      nextFree[slot] = k + 1;
      if (counts[slot] >= minRepeats && (best < 0 || counts[slot] > counts[best])) best = slot;
    }
  }
  if (best < 0) return undefined;
  const bestFirst = firsts[best];
  const first = words.start(bestFirst);
  const ngram = response.text.slice(first, words.end(bestFirst + n - 1));
  const shown = ngram.length > 60 ? `${ngram.slice(0, 57)}...` : ngram;
  return {
    code: "repetition",
    message: `Repetition loop: '${shown}' occurs ${counts[best]} times`,
    start: first,
    end: words.end(lasts[best]),
    severity: "warning",
  };
}

/** Whether `text[a, a + length)` equals `text[b, b + length)`, without copying. */
function sameSpan(text: string, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13;

/** A run of identical non-trivial (4+ characters, trimmed) consecutive lines; no line is copied. */
function repeatedLines(text: string, minRepeats: number): ResponseFinding | undefined {
  let prevStart = -1;
  let prevLength = 0;
  let runStart = 0;
  let runCount = 0;
  let best: { start: number; end: number; count: number; lineStart: number; lineLength: number } | undefined;
  for (let lineStart = 0; lineStart <= text.length;) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let s = lineStart;
    let e = lineEnd;
    while (s < e && isBlank(text.charCodeAt(s))) s++;
    while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
    const length = e - s;
    if (length >= 4 && prevStart >= 0 && length === prevLength && sameSpan(text, s, prevStart, length)) {
      runCount++;
    } else {
      runStart = lineStart;
      runCount = 1;
    }
    if (length >= 4) {
      prevStart = s;
      prevLength = length;
    } else {
      prevStart = -1;
    }
    if (runCount >= minRepeats && (!best || runCount > best.count)) {
      best = { start: runStart, end: lineEnd, count: runCount, lineStart: s, lineLength: length };
    }
    lineStart = lineEnd + 1;
  }
  if (!best) return undefined;
  const line = text.slice(best.lineStart, best.lineStart + best.lineLength);
  const shown = line.length > 60 ? `${line.slice(0, 57)}...` : line;
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
