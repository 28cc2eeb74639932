import { type Box, findBoxes, type MathScan, scanMath } from "./scan";

/**
 * Whitespace-separated tokens of a response, as parallel typed arrays (no per-word objects: a
 * 40 MB dataset has millions of words). Hashes are 32-bit FNV-1a, exact and lower-cased.
 */
export interface Words {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  hashes: Int32Array;
  lowerHashes: Int32Array;
}

/** The characters JavaScript's `\s` matches. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function scanWords(text: string): Words {
  let capacity = (text.length >> 2) + 16;
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let hashes = new Int32Array(capacity);
  let lowerHashes = new Int32Array(capacity);
  let count = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let h = 0x811c9dc5;
    let hl = 0x811c9dc5;
    for (let c = text.charCodeAt(i); i < n && !isSpace(c); c = text.charCodeAt(++i)) {
      h = Math.imul(h ^ c, 0x01000193);
      hl = Math.imul(hl ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
    }
    if (count === capacity) {
      capacity *= 2;
      const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(capacity);
        b.set(a);
        return b;
      };
      starts = grow(starts);
      ends = grow(ends);
      hashes = grow(hashes);
      lowerHashes = grow(lowerHashes);
    }
    starts[count] = start;
    ends[count] = i;
    hashes[count] = h;
    lowerHashes[count] = hl;
    count++;
  }
  return { count, starts, ends, hashes, lowerHashes };
}

/**
 * A response with the scans several rules share, each computed at most once, on first use.
 * One per response per analysis; never cached across responses.
 */
export class ResponseText {
  private boxCache: Box[] | undefined;
  private mathCache: MathScan | undefined;
  private wordCache: Words | undefined;

  constructor(readonly text: string) {}

  get boxes(): Box[] {
    return (this.boxCache ??= findBoxes(this.text));
  }

  get math(): MathScan {
    return (this.mathCache ??= scanMath(this.text));
  }

  /** Whitespace-separated tokens with their offsets and hashes. */
  get words(): Words {
    return (this.wordCache ??= scanWords(this.text));
  }

  /** Offset just past the last non-whitespace character. */
  get contentEnd(): number {
    let end = this.text.length;
    while (end > 0 && isSpace(this.text.charCodeAt(end - 1))) end--;
    return end;
  }
}
