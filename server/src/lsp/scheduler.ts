/**
 * Debouncing per document: while the user types, only the last scheduled run for a document
 * happens, `delayMs` after the last keystroke. A run in progress is never interrupted here; runs
 * check the document version themselves.
 */
export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly onError: (error: unknown) => void) {}

  schedule(key: string, delayMs: number, run: () => Promise<void>): void {
    this.cancel(key);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      run().catch(this.onError);
    }, delayMs);
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
