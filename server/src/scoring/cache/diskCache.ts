import { promises as fs } from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../../io/atomicWrite";
import { CACHE_SCHEMA } from "./key";
import type { JudgeDetail, Provenance, RemoteComponent } from "../types";

/**
 * What a cache file holds: the raw result of the endpoint and its provenance. The reward model's
 * raw score is stored before its transform, so changing the transform never invalidates entries.
 */
export interface CacheEntry {
  schema: typeof CACHE_SCHEMA;
  component: RemoteComponent;
  /** Judge: the validated criteria; reward model: the raw score. */
  value: { judge?: Omit<JudgeDetail, "criteria">; raw?: number };
  provenance: Provenance;
}

const inScale = (v: unknown): boolean => typeof v === "number" && v >= 1 && v <= 10;

/**
 * Whether a parsed file is an entry this version wrote: a hand-edited, truncated or foreign file
 * must read as a miss, never feed NaN or an out-of-range judgement into a reward.
 */
export function isValidEntry(entry: unknown): entry is CacheEntry {
  if (typeof entry !== "object" || entry === null) return false;
  const e = entry as Partial<CacheEntry>;
  if (e.schema !== CACHE_SCHEMA || typeof e.provenance !== "object" || e.provenance === null) return false;
  if (typeof e.value !== "object" || e.value === null) return false;
  if (e.component === "rm") return typeof e.value.raw === "number" && Number.isFinite(e.value.raw);
  if (e.component === "judge") {
    const judge = e.value.judge;
    const raw = judge?.rawCriteria;
    return (
      typeof judge?.rationale === "string" &&
      raw !== undefined &&
      inScale(raw.relevance) &&
      inScale(raw.coherence) &&
      inScale(raw.instructionFollowing) &&
      inScale(raw.reasoning)
    );
  }
  return false;
}

/** The cache the service talks to; tests and the editor may pass their own. */
export interface ScoreCache {
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): Promise<void>;
}

export interface DiskCacheOptions {
  dir: string;
  /** Upper bound on the total size of entries; the oldest-written go first. Default 256 MiB. */
  maxBytes?: number;
  /** Check the size every this many writes (a full directory scan). Default 500. */
  pruneEvery?: number;
  /** Where write and prune failures are reported; the cache itself never throws on them. */
  onError?: (message: string) => void;
}

/**
 * A content-addressed on-disk cache: one JSON file per key at `<dir>/<k[0..2]>/<k>.json`.
 * Writes go through a temp file and a rename, so a reader in any process sees a whole entry or
 * none, and two processes writing the same key both leave a valid file. A corrupt or foreign
 * file reads as a miss. Eviction is by write time (FIFO), checked every `pruneEvery` writes.
 */
export class DiskCache implements ScoreCache {
  private readonly maxBytes: number;
  private readonly pruneEvery: number;
  private writes = 0;
  private pruning: Promise<void> | undefined;
  /** Same-key writes within this process are coalesced; the atomic writer's temp name is per process. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly options: DiskCacheOptions) {
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.pruneEvery = options.pruneEvery ?? 500;
  }

  private file(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`not a cache key: ${key}`);
    return path.join(this.options.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.file(key), "utf8");
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as unknown;
      return isValidEntry(entry) ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const write = this.write(key, entry).finally(() => this.pending.delete(key));
    this.pending.set(key, write);
    return write;
  }

  private async write(key: string, entry: CacheEntry): Promise<void> {
    const target = this.file(key);
    try {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await writeFileAtomic(target, JSON.stringify(entry));
    } catch (error) {
      this.options.onError?.(`score cache: cannot write ${target}: ${(error as Error).message}`);
      return;
    }
    if (++this.writes % this.pruneEvery === 0 && !this.pruning) {
      this.pruning = this.prune().finally(() => (this.pruning = undefined));
      await this.pruning;
    }
  }

  /** Deletes the oldest entries until the cache is under 80% of `maxBytes`. */
  async prune(): Promise<void> {
    const files: Array<{ file: string; size: number; mtime: number }> = [];
    let total = 0;
    let shards: string[];
    try {
      shards = await fs.readdir(this.options.dir);
    } catch {
      return;
    }
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      const shardDir = path.join(this.options.dir, shard);
      for (const name of await fs.readdir(shardDir).catch(() => [] as string[])) {
        if (!name.endsWith(".json")) continue;
        const file = path.join(shardDir, name);
        const stat = await fs.stat(file).catch(() => undefined);
        if (!stat) continue;
        files.push({ file, size: stat.size, mtime: stat.mtimeMs });
        total += stat.size;
      }
    }
    if (total <= this.maxBytes) return;
    files.sort((a, b) => a.mtime - b.mtime);
    const target = this.maxBytes * 0.8;
    for (const entry of files) {
      if (total <= target) break;
      await fs.rm(entry.file, { force: true }).catch((error: Error) => this.options.onError?.(error.message));
      total -= entry.size;
    }
  }
}

/** A cache that stores nothing, for when no cache directory is configured. */
export const noCache: ScoreCache = {
  get: () => Promise.resolve(undefined),
  set: () => Promise.resolve(),
};
