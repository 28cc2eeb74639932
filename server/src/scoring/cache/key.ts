import { createHash } from "node:crypto";
import type { RemoteComponent } from "../types";

/** Bumped when the meaning of a cached value changes, so old entries stop matching. */
export const CACHE_SCHEMA = 1;

/** Everything that decides a remote score; two requests with equal parts get the same key. */
export interface CacheKeyParts {
  component: RemoteComponent;
  problem: string;
  /** Part of the key only where the component sees it; the judge never does, so it passes null. */
  gold: string | null;
  response: string;
  model: string;
  /** Judge: prompt id and content hash. Reward model: the API and input format. */
  promptVersion: string;
  /** The component settings that change the raw score (temperature, template, label index, ...). */
  settings: Record<string, string | number | boolean>;
}

/**
 * SHA-256 over a canonical JSON array of the parts (keys of `settings` sorted), hex encoded. The
 * inputs themselves are never written to the cache: the file name is the hash.
 */
export function cacheKey(parts: CacheKeyParts): string {
  const settings = Object.keys(parts.settings)
    .sort()
    .map((name) => [name, parts.settings[name]]);
  const canonical = JSON.stringify([
    CACHE_SCHEMA,
    parts.component,
    parts.model,
    parts.promptVersion,
    settings,
    parts.problem,
    parts.gold,
    parts.response,
  ]);
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}
