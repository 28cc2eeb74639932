/**
 * When the server crashes, restart it a few times, then stop and say so. Counts restarts in a
 * sliding window so that one crash a day never exhausts the budget.
 */
export class RestartPolicy {
  private readonly restarts: number[] = [];

  constructor(
    private readonly maxRestarts: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash; true when the server should be restarted. */
  shouldRestart(): boolean {
    const now = this.now();
    while (this.restarts.length > 0 && now - this.restarts[0] > this.windowMs) this.restarts.shift();
    if (this.restarts.length >= this.maxRestarts) return false;
    this.restarts.push(now);
    return true;
  }

  get count(): number {
    return this.restarts.length;
  }

  reset(): void {
    this.restarts.length = 0;
  }
}
