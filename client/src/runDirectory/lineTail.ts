/**
 * Splits appended text into complete lines, holding back a partial last line until its newline
 * arrives (a writer's line can land in two reads). Byte-level: a UTF-8 character split between two
 * reads is decoded only once whole.
 */
export class LineTail {
  private pending: Uint8Array = new Uint8Array(0);
  private readonly decoder = new TextDecoder("utf-8");
  /** Lines handed out so far (1-based numbering of the next line is `lines + 1`). */
  lines = 0;

  /** Complete lines in `chunk` (plus what was held back), without their line ends. */
  push(chunk: Uint8Array): string[] {
    const data = this.pending.length ? concat(this.pending, chunk) : chunk;
    const last = data.lastIndexOf(0x0a);
    if (last < 0) {
      this.pending = data.slice();
      return [];
    }
    this.pending = data.slice(last + 1);
    const text = this.decoder.decode(data.subarray(0, last));
    const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
    this.lines += lines.length;
    return lines;
  }

  /** Bytes held back (an unfinished line). */
  get partialBytes(): number {
    return this.pending.length;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
