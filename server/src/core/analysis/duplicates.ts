import { Int32Pool } from "../reward/format/int32Pool";
import type { ResponseText } from "../reward/format/responseText";

/**
 * Exact and near-duplicate samples within one problem, from per-sample fingerprints built on the
 * response's word hashes (no string copies). Exact: the same word sequence (whitespace collapsed).
 * Near: Jaccard similarity of lower-cased word-shingle sets at or above the threshold. Cost is
 * bounded: shingle sets are capped and at most MAX_COMPARED samples are compared pairwise.
 */

const MAX_SHINGLES = 2048;
const MAX_COMPARED = 64;

export interface Fingerprint {
  wordCount: number;
  /** Hash of the whitespace-collapsed text (53 bits). */
  textHash: number;
  /** Shingle hashes, sorted and unique (a typed array: no Set per sample). */
  shingles: Int32Array;
}

/**
 * Scratch for one response's shingles while they are sorted (calls never interleave); each
 * fingerprint keeps an exact-size copy from a pool, since a typed array of its own per sample
 * (off-heap above 64 bytes) cost more than computing the shingles.
 */
const unsorted = new Int32Array(MAX_SHINGLES);
const sorted = new Int32Array(MAX_SHINGLES);
const bucketStart = new Int32Array(MAX_SHINGLES);
// 16 KB chunks (about 60 shingle sets): a cached fingerprint keeps its chunk alive.
const shinglePool = new Int32Pool(4096);

/**
 * Sorts `a[0, n)` in place, ascending as signed ints, and drops repeated values; returns how many
 * remain. Insertion sort, for input that is nearly sorted already (a value at most a few places
 * from its own), with repeats dropped on the way instead of in a second pass.
 */
function sortUniqueNearlySorted(a: Int32Array, n: number): number {
  let length = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    let j = length - 1;
    while (j >= 0 && a[j] > x) j--;
    if (j >= 0 && a[j] === x) continue;
    for (let k = length; k > j + 1; k--) a[k] = a[k - 1];
    a[j + 1] = x;
    length++;
  }
  return length;
}

/**
 * The sorted, unique values of `from[0, n)`, written to `to`; returns how many. Hashes are
 * uniform, so one counting pass on the top log2(n) bits leaves about one value per bucket, and
 * insertion sort finishes in linear time: about twice as fast as `Int32Array.prototype.sort` on
 * the ~70 shingles of a response.
 */
function sortUniqueHashes(from: Int32Array, n: number, to: Int32Array): number {
  if (n < 16) {
    to.set(from.subarray(0, n));
    return sortUniqueNearlySorted(to, n);
  }
  const bits = 32 - Math.clz32(n - 1);
  const shift = 32 - bits;
  const buckets = 1 << bits;
  // Flipping the sign bit maps signed order onto the unsigned order of the bucket index.
  bucketStart.fill(0, 0, buckets);
  for (let k = 0; k < n; k++) bucketStart[(from[k] ^ 0x80000000) >>> shift]++;
  // Counts to starts, the running sum in a register rather than read back from the array.
  let sum = 0;
  for (let b = 0; b < buckets; b++) {
    const count = bucketStart[b];
    bucketStart[b] = sum;
    sum += count;
  }
  for (let k = 0; k < n; k++) {
    const x = from[k];
    to[bucketStart[(x ^ 0x80000000) >>> shift]++] = x;
  }
  return sortUniqueNearlySorted(to, n);
}

/** Fingerprints a response: word count, text hash and shingle set of `size` words. */
export function fingerprint(response: ResponseText, size: number): Fingerprint {
  const words = response.words;
  const count = words.count;
  let h1 = 0x9e3779b1;
  let h2 = 0x85ebca6b;
  for (let k = 0; k < count; k++) {
    const hash = words.hash(k);
    h1 = Math.imul(h1 ^ hash, 0x01000193);
    h2 = Math.imul(h2 + hash, 0x5bd1e995) ^ (h2 >>> 15);
  }
  const textHash = (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
  let shingles: Int32Array;
  if (count === 0) {
    shingles = new Int32Array(0);
  } else if (count <= size) {
    let h = 0;
    for (let k = 0; k < count; k++) h = (Math.imul(h, 0x01000193) + words.lowerHash(k)) | 0;
    shingles = Int32Array.of(h);
  } else {
    // Rolling polynomial over the lower-cased word hashes.
    const total = Math.min(count - size + 1, MAX_SHINGLES);
    let drop = 1;
    for (let k = 0; k < size - 1; k++) drop = Math.imul(drop, 0x01000193);
    let h = 0;
    let n = 0;
    for (let k = 0; k < count && n < total; k++) {
      if (k >= size) h = (h - Math.imul(words.lowerHash(k - size), drop)) | 0;
      h = (Math.imul(h, 0x01000193) + words.lowerHash(k)) | 0;
      if (k >= size - 1) unsorted[n++] = h;
    }
    shingles = shinglePool.copyOf(sorted, sortUniqueHashes(unsorted, total, sorted));
  }
  return { wordCount: count, textHash, shingles };
}

/** Jaccard similarity of two sorted, unique hash arrays (one merge pass). */
export function jaccard(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  // Every similarity reaches 0: the merge runs to the end.
  return jaccardAtLeast(a, b, 0)!;
}

/**
 * {@link jaccard} when it reaches `threshold`, else undefined. The merge stops as soon as the
 * elements left cannot bring the common count up to what the threshold needs: most samples of a
 * problem are far from each other, and this is where near-duplicate detection spent its time.
 */
function jaccardAtLeast(a: Int32Array, b: Int32Array, threshold: number): number | undefined {
  const total = a.length + b.length;
  const most = Math.min(a.length, b.length);
  // The fewest common elements that reach the threshold, found with the very division the result
  // uses, so that stopping early never disagrees with computing in full.
  let needed = Math.max(0, Math.floor((threshold * total) / (1 + threshold)) - 1);
  while (needed <= most && needed / (total - needed) < threshold) needed++;
  if (needed > most) return undefined;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      common++;
      i++;
      j++;
      continue;
    }
    if (x < y) i++;
    else j++;
    if (common + Math.min(a.length - i, b.length - j) < needed) return undefined;
  }
  const similarity = common / (total - common);
  return similarity >= threshold ? similarity : undefined;
}

export interface DuplicateMatch {
  /** The later sample. */
  index: number;
  /** The earlier sample it repeats. */
  of: number;
  exact: boolean;
  similarity: number;
}

/** For each sample, its first earlier exact or near duplicate. Empty responses are never duplicates. */
export function findDuplicates(prints: readonly Fingerprint[], threshold: number): DuplicateMatch[] {
  const matches: DuplicateMatch[] = [];
  const firstByHash = new Map<number, number>();
  prints.forEach((mine, index) => {
    if (mine.wordCount === 0) return;
    const earlier = firstByHash.get(mine.textHash);
    if (earlier !== undefined) {
      matches.push({ index, of: earlier, exact: true, similarity: 1 });
      return;
    }
    firstByHash.set(mine.textHash, index);
    if (index >= MAX_COMPARED || threshold > 1) return;
    for (let j = 0; j < index; j++) {
      const theirs = prints[j];
      if (theirs.wordCount === 0) continue;
      const a = mine.shingles.length;
      const b = theirs.shingles.length;
      // Jaccard is at most min/max of the sizes: skip pairs that cannot reach the threshold.
      if (Math.min(a, b) < threshold * Math.max(a, b)) continue;
      const similarity = jaccardAtLeast(mine.shingles, theirs.shingles, threshold);
      if (similarity !== undefined) {
        matches.push({ index, of: j, exact: false, similarity });
        return;
      }
    }
  });
  return matches;
}
