import { type Box, findBoxes, type MathScan, scanMath } from "./scan";

/**
 * Whitespace-separated tokens of a response, in one interleaved typed array (start, end, hash,
 * lower-cased hash per word): no per-word objects and a single allocation, since a 40 MB dataset
 * has millions of words. Hashes are 32-bit FNV-1a.
 */
export class Words {
  constructor(
    readonly count: number,
    private readonly data: Int32Array,
  ) {}

  start(k: number): number {
    return this.data[k * 4];
  }

  end(k: number): number {
    return this.data[k * 4 + 1];
  }

  hash(k: number): number {
    return this.data[k * 4 + 2];
  }

  lowerHash(k: number): number {
    return this.data[k * 4 + 3];
  }
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
  const n = text.length;
  // A word takes at least two characters with its separator: (n + 1) / 2 words at most.
  let data = new Int32Array(Math.min((n >> 1) + 1, 64 + (n >> 2)) * 4);
  let count = 0;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    while (isSpace(c)) c = text.charCodeAt(++i);
    if (i >= n) break;
    const start = i;
    let h = 0x811c9dc5;
    let hl = 0x811c9dc5;
    while (i < n && !isSpace(c)) {
      h = Math.imul(h ^ c, 0x01000193);
      hl = Math.imul(hl ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
      c = text.charCodeAt(++i);
    }
    if ((count + 1) * 4 > data.length) {
      const grown = new Int32Array(data.length * 2);
      grown.set(data);
      data = grown;
    }
    const at = count * 4;
    data[at] = start;
    data[at + 1] = i;
    data[at + 2] = h;
    data[at + 3] = hl;
    count++;
  }
  return new Words(count, data);
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
