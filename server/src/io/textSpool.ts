import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/**
 * Text kept in memory up to a limit and in a private temp file past it, read back once in order:
 * for output that can only be written after something that is known at the end of the input (the
 * header of an imported `.pns` file, say) without holding all of it.
 */
export class TextSpool {
  private memory: string[] = [];
  private memorySize = 0;
  private dir: string | undefined;
  private fd: number | undefined;

  constructor(private readonly limit = 16 << 20) {}

  push(text: string): void {
    if (text.length === 0) return;
    this.memory.push(text);
    this.memorySize += text.length;
    if (this.memorySize >= this.limit) this.spill();
  }

  /** The text in order, in pieces; the spool is empty (and its file gone) afterwards. */
  async *chunks(): AsyncGenerator<string> {
    try {
      if (this.fd !== undefined) {
        this.spill();
        closeSync(this.fd);
        this.fd = undefined;
        const file = path.join(this.dir!, "spool");
        for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 }))
          yield chunk as string;
      } else {
        const memory = this.memory;
        this.memory = [];
        this.memorySize = 0;
        yield* memory;
      }
    } finally {
      this.dispose();
    }
  }

  /** Removes the file, if any (also after a failure). Safe to call more than once. */
  dispose(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.memory = [];
    this.memorySize = 0;
  }

  private spill(): void {
    if (this.fd === undefined) {
      this.dir = mkdtempSync(path.join(tmpdir(), "pns-spool-"));
      this.fd = openSync(path.join(this.dir, "spool"), "w", 0o600);
    }
    if (this.memory.length === 0) return;
    const bytes = new TextEncoder().encode(this.memory.join(""));
    // writeSync may write less than asked: go on until all of it is written.
    for (let done = 0; done < bytes.length;) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.memory = [];
    this.memorySize = 0;
  }
}
