import { type Box, findBoxes, type MathScan, scanMath } from "./scan";

/**
 * A response with the scans several rules share, each computed at most once, on first use.
 * One per response per analysis; never cached across responses.
 */
export class ResponseText {
  private boxCache: Box[] | undefined;
  private mathCache: MathScan | undefined;
  private wordCache: { start: number; end: number }[] | undefined;

  constructor(readonly text: string) {}

  get boxes(): Box[] {
    return (this.boxCache ??= findBoxes(this.text));
  }

  get math(): MathScan {
    return (this.mathCache ??= scanMath(this.text));
  }

  /** Whitespace-separated tokens with their offsets. */
  get words(): { start: number; end: number }[] {
    if (!this.wordCache) {
      const words: { start: number; end: number }[] = [];
      const re = /\S+/g;
      for (let m = re.exec(this.text); m; m = re.exec(this.text))
        words.push({ start: m.index, end: m.index + m[0].length });
      this.wordCache = words;
    }
    return this.wordCache;
  }

  /** Offset just past the last non-whitespace character. */
  get contentEnd(): number {
    let end = this.text.length;
    while (end > 0 && /\s/.test(this.text[end - 1])) end--;
    return end;
  }
}
