import { remoteLabel } from "../../core/reward/components";
import type { ComponentUsage } from "../accounting";
import type { Limiter } from "../limiter";
import { abortedError } from "../sleep";
import type { RemoteComponent, RemoteResult, ScoreInput } from "../types";
import type { CacheEntry, ScoreCache } from "./diskCache";

/** What the cache path needs from the service for one component. */
export interface CacheContext {
  component: RemoteComponent;
  cache: ScoreCache;
  /** Bounds concurrent cache reads (file descriptors). */
  reads: Limiter;
  usage: ComponentUsage;
}

/**
 * The shared cache path: look every distinct key up, send only the misses (once per distinct
 * input, since GRPO groups often repeat a completion), store new scores, and fan results back
 * out to every input in order. Unscored results are never cached: they are usually transient.
 */
export async function scoreWithCache(
  context: CacheContext,
  inputs: readonly ScoreInput[],
  keyFor: (input: ScoreInput) => string,
  fromEntry: (entry: CacheEntry, cached: boolean) => RemoteResult,
  signal: AbortSignal | undefined,
  fetchMisses: (misses: ScoreInput[]) => Promise<Array<CacheEntry | { unscored: string }>>,
): Promise<RemoteResult[]> {
  const { component, cache, reads, usage } = context;
  const keys = inputs.map(keyFor);
  const firstIndex = new Map<string, number>();
  keys.forEach((key, i) => {
    if (!firstIndex.has(key)) firstIndex.set(key, i);
  });
  const byKey = new Map<string, RemoteResult>();
  const distinct = [...firstIndex.keys()];
  const hits = await Promise.all(
    distinct.map((key) => reads.run(() => cache.get(key)).catch(() => undefined)),
  );
  const missKeys: string[] = [];
  distinct.forEach((key, i) => {
    const entry = hits[i];
    if (entry && entry.component === component) {
      usage.cacheHits++;
      byKey.set(key, fromEntry(entry, true));
    } else {
      missKeys.push(key);
    }
  });
  if (missKeys.length > 0) {
    if (signal?.aborted) {
      const reason = abortedError(signal).message;
      for (const key of missKeys) byKey.set(key, { unscored: `${remoteLabel(component)}: ${reason}` });
    } else {
      const outcomes = await fetchMisses(missKeys.map((key) => inputs[firstIndex.get(key)!]));
      const writes: Array<Promise<void>> = [];
      outcomes.forEach((outcome, i) => {
        const key = missKeys[i];
        if ("unscored" in outcome) {
          byKey.set(key, outcome);
          return;
        }
        byKey.set(key, fromEntry(outcome, false));
        writes.push(cache.set(key, outcome).catch(() => undefined));
      });
      await Promise.all(writes);
    }
  }
  return keys.map((key) => {
    const result = byKey.get(key)!;
    if ("unscored" in result) usage.unscored++;
    return result;
  });
}
