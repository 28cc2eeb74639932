/**
 * A small map that forgets what was not used recently: parsed answers repeat (every sample of a
 * problem shares its gold). Approximately least-recently-used, in two generations: entries go
 * into `young`; when it is full it becomes `old` and the previous `old` is dropped; a hit in
 * `old` moves the entry back into `young`. A hit in `young` changes nothing, where an exact LRU
 * pays a Map delete and set on every hit (and the rehashing garbage that leaves behind).
 * Everything used within the last capacity/2 insertions is kept.
 */
export class Lru<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly half: number;

  constructor(capacity: number) {
    this.half = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aging = this.old.get(key);
    if (aging !== undefined) {
      this.old.delete(key);
      this.insert(key, aging);
    }
    return aging;
  }

  set(key: K, value: V): void {
    this.old.delete(key);
    this.insert(key, value);
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  private insert(key: K, value: V): void {
    if (this.young.size >= this.half && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
