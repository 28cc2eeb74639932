import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { readLines } from "./jsonl";

/**
 * A list of one-line entries (JSON, say) kept in memory up to a limit and on disk past it, read
 * back once in order: for output that cannot be written until the end of the input is known (a
 * column width, a count printed before the list) without holding the whole of it.
 */
export class Spool {
  private memory: string[] = [];
  private memorySize = 0;
  private dir: string | undefined;
  private fd: number | undefined;
  count = 0;

  constructor(private readonly limit = 16 << 20) {}

  /** Adds an entry; it must not contain a line break. */
  push(entry: string): void {
    this.memory.push(entry);
    this.memorySize += entry.length;
    this.count++;
    if (this.memorySize >= this.limit) this.spill();
  }

  /** The entries in order; the spool is empty (and its file gone) afterwards. */
  async *entries(): AsyncGenerator<string> {
    try {
      if (this.fd !== undefined) {
        closeSync(this.fd);
        this.fd = undefined;
        const file = path.join(this.dir!, "spool");
        for await (const { text } of readLines(createReadStream(file, { highWaterMark: 1 << 20 })))
          yield text;
      }
      const memory = this.memory;
      this.memory = [];
      this.memorySize = 0;
      yield* memory;
    } finally {
      this.dispose();
    }
  }

  /** Removes the file, if any (also after a failure). */
  dispose(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.memory = [];
    this.memorySize = 0;
    this.count = 0;
  }

  private spill(): void {
    if (this.fd === undefined) {
      this.dir = mkdtempSync(path.join(tmpdir(), "pns-spool-"));
      this.fd = openSync(path.join(this.dir, "spool"), "w", 0o600);
    }
    writeSync(this.fd, `${this.memory.join("\n")}\n`);
    this.memory = [];
    this.memorySize = 0;
  }
}
