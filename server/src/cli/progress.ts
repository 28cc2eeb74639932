import type { CliIo } from "./command";

/**
 * A one-line progress bar on stderr, drawn only on a terminal and at most every 100 ms, so piped
 * output and logs stay clean. `done()` clears the line.
 */
export class ProgressBar {
  private last = 0;
  private drawn = false;

  constructor(
    private readonly io: CliIo,
    private readonly label: string,
    private readonly now: () => number = Date.now,
  ) {}

  update(done: number, total: number): void {
    if (!this.io.stderr.isTTY || total <= 0) return;
    const t = this.now();
    if (done < total && t - this.last < 100) return;
    this.last = t;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const percent = Math.floor((done / total) * 100);
    this.io.stderr.write(
      `\r${this.label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${percent}% ${done}/${total}`,
    );
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.io.stderr.write("\r\x1b[2K");
    this.drawn = false;
  }
}
