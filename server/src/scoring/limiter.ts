import { abortedError } from "./sleep";

/**
 * A counting semaphore: at most `limit` holders at once, FIFO. A waiter whose signal aborts
 * leaves the queue without taking a slot.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<{ grant: () => void; cancel: () => void }> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  /** Number of holders right now (for tests and /health). */
  get inFlight(): number {
    return this.active;
  }

  /** Runs `task` once a slot is free; the slot is released however the task ends. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          signal?.removeEventListener("abort", entry.cancel);
          this.active++;
          resolve();
        },
        cancel: () => {
          const index = this.waiting.indexOf(entry);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(abortedError(signal));
        },
      };
      signal?.addEventListener("abort", entry.cancel, { once: true });
      this.waiting.push(entry);
    });
  }

  private release(): void {
    this.active--;
    const next = this.waiting.shift();
    if (next) next.grant();
  }
}
