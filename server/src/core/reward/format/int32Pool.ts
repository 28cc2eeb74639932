/**
 * Int32Array views carved from shared chunks. A typed array of more than 64 bytes gets its own
 * off-heap backing store, which costs V8 about 1 µs to allocate and later to free: as much as
 * scanning a whole response. Per-response arrays (word data, shingle sets) are small and many (two
 * per sample, 160,000 on a 40 MB file), so they take views on a 64 KB chunk instead (a third of
 * the cost when kept, far less when not).
 *
 * A chunk lives as long as any view on it. Give data with different lifetimes separate pools (word
 * data dies with its response, shingle sets live in the analysis cache), so that long-lived views
 * do not keep chunks full of dead ones alive, and long-lived data small chunks. A structured clone
 * (postMessage) of a view copies its whole chunk: slice such an array first.
 */
export class Int32Pool {
  /** Larger arrays (rare: responses of thousands of words) get their own store. */
  private readonly maxPooled: number;
  private chunk: ArrayBuffer;
  private used = 0;

  /** `chunkInts`: the size of a chunk, in ints (64 KB by default). */
  constructor(private readonly chunkInts = 16384) {
    this.maxPooled = chunkInts >> 2;
    this.chunk = new ArrayBuffer(chunkInts * 4);
  }

  /** A copy of `source[0, length)`. */
  copyOf(source: Int32Array, length: number): Int32Array {
    if (length > this.maxPooled) return source.slice(0, length);
    if (this.used + length > this.chunkInts) {
      this.chunk = new ArrayBuffer(this.chunkInts * 4);
      this.used = 0;
    }
    const view = new Int32Array(this.chunk, this.used * 4, length);
    this.used += length;
    // One memcpy; an element loop into a fresh view is several times slower.
    view.set(source.subarray(0, length));
    return view;
  }
}
