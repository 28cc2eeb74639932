/**
 * When a long loop over a request's items gives the event loop a turn (so `/health` and other
 * requests are answered while a big batch is scored). By characters as well as items: the local
 * checks cost about 0.5 ms per KB of arithmetic-heavy text (limits.ts), so 64 items near the
 * per-item limit would hold the loop for seconds, while 64 tiny items take well under a
 * millisecond.
 */
export class Pacer {
  private items = 0;
  private chars = 0;

  constructor(
    /** Items between two turns at most. */
    private readonly maxItems: number,
    /** Characters of item text between two turns at most (about 30 ms of local checks). */
    private readonly maxChars: number,
  ) {}

  /** Gives a turn when the work since the last one reached a limit; then counts this item. */
  async before(itemChars: number): Promise<void> {
    if (this.items >= this.maxItems || (this.items > 0 && this.chars + itemChars > this.maxChars)) {
      this.items = 0;
      this.chars = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.items++;
    this.chars += itemChars;
  }
}

/** Characters of item text between two turns of the event loop by default: about 30 ms of checks. */
export const DEFAULT_YIELD_CHARS = 64 * 1024;
