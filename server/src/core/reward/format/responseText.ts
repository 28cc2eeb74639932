import { codeUnitBytes, isSpace, NON_ASCII } from "./codeUnits";
import { Int32Pool } from "./int32Pool";
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

/**
 * The scan writes into this scratch (grown, never shrunk), and each response keeps an exact-size
 * copy from a pool: no over-sized guess per response, no off-heap store per response.
 */
let wordScratch = new Int32Array(4096);
const MAX_KEPT_INTS = 1 << 18;
const wordPool = new Int32Pool();

function scanWords(text: string): Words {
  const n = text.length;
  const units = codeUnitBytes(text);
  let data = wordScratch;
  let count = 0;
  let i = 0;
  while (i < n) {
    let c = units[i];
    if (c === NON_ASCII) c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    let h = 0x811c9dc5;
    let hl = 0x811c9dc5;
    do {
      h = Math.imul(h ^ c, 0x01000193);
      hl = Math.imul(hl ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
      c = units[++i];
      if (c === NON_ASCII) c = text.charCodeAt(i);
    } while (i < n && !isSpace(c));
    const at = count * 4;
    if (at + 4 > data.length) {
      const grown = new Int32Array(data.length * 2);
      grown.set(data);
      data = grown;
      // A huge response's scratch serves this scan only, rather than stay allocated for good.
      if (grown.length <= MAX_KEPT_INTS) wordScratch = grown;
    }
    data[at] = start;
    data[at + 1] = i;
    data[at + 2] = h;
    data[at + 3] = hl;
    count++;
  }
  return new Words(count, wordPool.copyOf(data, count * 4));
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
