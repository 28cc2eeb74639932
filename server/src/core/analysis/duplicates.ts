/**
 * Exact and near-duplicate samples within one problem. Exact: the same text after collapsing
 * whitespace. Near: Jaccard similarity of word-shingle sets (hashed), at or above the threshold.
 * Cost is bounded: shingle sets are capped and at most MAX_COMPARED samples are compared pairwise.
 */

const MAX_SHINGLES = 2048;
const MAX_COMPARED = 64;

export function normalizeForDuplicates(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** 32-bit FNV-1a of a string. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function shingles(text: string, size: number): Set<number> {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const out = new Set<number>();
  if (words.length <= size) {
    if (words.length > 0) out.add(fnv(words.join(" ")));
    return out;
  }
  for (let i = 0; i + size <= words.length && out.size < MAX_SHINGLES; i++)
    out.add(fnv(words.slice(i, i + size).join(" ")));
  return out;
}

export function jaccard(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const x of small) if (large.has(x)) common++;
  return common / (a.size + b.size - common);
}

export interface DuplicateMatch {
  /** The later sample. */
  index: number;
  /** The earlier sample it repeats. */
  of: number;
  exact: boolean;
  similarity: number;
}

/** For each sample, its first earlier exact or near duplicate. */
export function findDuplicates(
  texts: readonly string[],
  shingleSize: number,
  threshold: number,
): DuplicateMatch[] {
  const normalized = texts.map(normalizeForDuplicates);
  const matches: DuplicateMatch[] = [];
  const firstByText = new Map<string, number>();
  const sets: (Set<number> | undefined)[] = [];
  normalized.forEach((text, index) => {
    if (text === "") return;
    const earlier = firstByText.get(text);
    if (earlier !== undefined) {
      matches.push({ index, of: earlier, exact: true, similarity: 1 });
      return;
    }
    firstByText.set(text, index);
    if (index >= MAX_COMPARED || threshold > 1) return;
    const mine = (sets[index] = shingles(text, shingleSize));
    for (let j = 0; j < index; j++) {
      const theirs = sets[j];
      // Jaccard is at most min/max of the sizes: skip pairs that cannot reach the threshold.
      if (!theirs || Math.min(mine.size, theirs.size) < threshold * Math.max(mine.size, theirs.size))
        continue;
      const similarity = jaccard(mine, theirs);
      if (similarity >= threshold) {
        matches.push({ index, of: j, exact: false, similarity });
        return;
      }
    }
  });
  return matches;
}
