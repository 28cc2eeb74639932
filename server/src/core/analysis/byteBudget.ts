/**
 * Caches bounded by the memory their values take, not by how many there are: one sample of a
 * megabyte of arithmetic costs as much as thousands of short ones, so an entry count bounds
 * nothing. The sizes are estimates (what V8 roughly needs for strings, numbers, arrays and
 * objects), good enough to keep a cache within a budget.
 */

/** Approximate heap bytes of a value: strings 2 bytes a character, typed arrays their buffers. */
export function approximateBytes(value: unknown, depth = 0): number {
  switch (typeof value) {
    case "string":
      return 16 + 2 * value.length;
    case "number":
    case "boolean":
    case "undefined":
      return 8;
    case "object": {
      if (value === null) return 8;
      if (ArrayBuffer.isView(value)) return 64 + value.byteLength;
      // Deep structures are counted to a limit: below it, a flat guess per node.
      if (depth > 16) return 64;
      let bytes = 32;
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) bytes += 8 + approximateBytes(item, depth + 1);
      } else if (value instanceof Map) {
        for (const [k, v] of value as Map<unknown, unknown>)
          bytes += 16 + approximateBytes(k, depth + 1) + approximateBytes(v, depth + 1);
      } else {
        for (const key of Object.keys(value)) {
          bytes += 16 + approximateBytes((value as Record<string, unknown>)[key], depth + 1);
        }
      }
      return bytes;
    }
    default:
      return 16;
  }
}

/**
 * A map that keeps at most `maxBytes` of values (by the size given with each), dropping the least
 * recently used first. A value bigger than the whole budget is not kept.
 */
export class ByteBoundedMap<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(readonly maxBytes: number) {}

  /** The value, marked as used most recently. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** The value without touching its recency. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: K, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
    }
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.bytes;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The sum of the sizes of the values kept. */
  get bytes(): number {
    return this.total;
  }
}
