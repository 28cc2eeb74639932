import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { readLines } from "./jsonl";

/**
 * Text kept in memory up to a limit and in a private temp file past it, read back once in order:
 * for output that can only be written after something that is known at the end of the input (the
 * header of an imported `.pns` file, a column width, a count printed before a list) without
 * holding all of it. {@link LineSpool} reads it back as lines.
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
    // A character's bytes may be cut between two chunks of the file.
    const decoder = new StringDecoder("utf8");
    for await (const piece of this.pieces()) {
      const text = typeof piece === "string" ? piece : decoder.write(piece as Buffer);
      if (text.length > 0) yield text;
    }
    const rest = decoder.end();
    if (rest.length > 0) yield rest;
  }

  /**
   * The text in order, as it is stored: what stayed in memory as strings, what was spilled as
   * UTF-8 bytes (undecoded, for a reader that splits bytes itself). Empties the spool as
   * {@link chunks} does.
   */
  async *pieces(): AsyncGenerator<string | Uint8Array> {
    try {
      if (this.fd !== undefined) {
        this.spill();
        closeSync(this.fd);
        this.fd = undefined;
        const file = path.join(this.dir!, "spool");
        for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
          yield chunk as Uint8Array;
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

/**
 * A list of one-line entries (JSON, say) in a {@link TextSpool}, one per line, read back once in
 * order as the entries that were pushed.
 */
export class LineSpool {
  private readonly text: TextSpool;
  count = 0;

  constructor(limit = 16 << 20) {
    this.text = new TextSpool(limit);
  }

  /** Adds an entry; it must not contain a line break nor end in a carriage return. */
  push(entry: string): void {
    this.text.push(`${entry}\n`);
    this.count++;
  }

  /** The entries in order; the spool is empty (and its file gone) afterwards. */
  async *entries(): AsyncGenerator<string> {
    try {
      for await (const { text } of readLines(this.text.pieces())) yield text;
    } finally {
      this.dispose();
    }
  }

  /** Removes the file, if any (also after a failure). Safe to call more than once. */
  dispose(): void {
    this.text.dispose();
    this.count = 0;
  }
}
