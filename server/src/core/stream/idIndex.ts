/**
 * Problem id → the (zero-based) line it was first used on, for `duplicate-id` over a file that
 * streams: millions of ids in about 30 bytes each plus their characters, and exact (a hash match
 * is checked against the stored characters, so a collision never reports a duplicate).
 *
 * Why not a `Map<string, number>`: an id read by the parser is a slice of its problem's text, so
 * keeping it would keep the whole problem alive; the characters are copied into one growing
 * array instead, and the table is a few typed arrays (no object per id).
 */
export class IdIndex {
  private chars = new Uint16Array(1 << 16);
  private used = 0;
  // Per entry: where its characters are, how many, its hash and its line.
  private starts = new Float64Array(1024);
  private lengths = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private lines = new Float64Array(1024);
  private count = 0;
  /** Open addressing: entry index + 1, or 0 for an empty slot. */
  private slots = new Int32Array(2048);

  get size(): number {
    return this.count;
  }

  /** The line `id` was first added on, or undefined; adds it on `line` when new. */
  firstLineOrAdd(id: string, line: number): number | undefined {
    const hash = hashOf(id);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) {
        this.insert(id, hash, line, slot);
        return undefined;
      }
      const e = entry - 1;
      if (this.hashes[e] === hash && this.matches(e, id)) return this.lines[e];
    }
  }

  private matches(e: number, id: string): boolean {
    if (this.lengths[e] !== id.length) return false;
    const start = this.starts[e];
    for (let i = 0; i < id.length; i++) if (this.chars[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private insert(id: string, hash: number, line: number, slot: number): void {
    if (this.used + id.length > this.chars.length) {
      const grown = new Uint16Array(Math.max(this.chars.length * 2, this.used + id.length));
      grown.set(this.chars.subarray(0, this.used));
      this.chars = grown;
    }
    for (let i = 0; i < id.length; i++) this.chars[this.used + i] = id.charCodeAt(i);
    if (this.count === this.hashes.length) this.growEntries();
    const e = this.count++;
    this.starts[e] = this.used;
    this.lengths[e] = id.length;
    this.hashes[e] = hash;
    this.lines[e] = line;
    this.used += id.length;
    this.slots[slot] = e + 1;
    // Keep the table at most half full, so probes stay short.
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private growEntries(): void {
    const size = this.hashes.length * 2;
    const grow = <T extends Float64Array | Int32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.starts = grow(this.starts, new Float64Array(size));
    this.lengths = grow(this.lengths, new Int32Array(size));
    this.hashes = grow(this.hashes, new Int32Array(size));
    this.lines = grow(this.lines, new Float64Array(size));
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.count; e++) {
      let slot = this.hashes[e] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = e + 1;
    }
    this.slots = slots;
  }
}

/** FNV-1a over UTF-16 code units, with a final mix so the low bits (the slot) are well spread. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
