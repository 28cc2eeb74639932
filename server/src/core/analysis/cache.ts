import type { PnsSettings } from "../config/settings";
import type { LocalScore } from "../reward/score";
import type { Fingerprint } from "./duplicates";
import { approximateBytes, ByteBoundedMap } from "./byteBudget";

/** What the analysis computes for one response without looking at other samples or endpoints. */
export interface SampleLocal {
  score: LocalScore;
  fingerprint: Fingerprint;
}

/** 53-bit string hash (cyrb53): cheap, well mixed, collisions negligible at dataset sizes. */
export function hashString(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Local scores by content hash of (gold, response), for callers that analyse the same text again
 * (the language server on every edit). Owned by the caller, never global; cleared when the settings
 * change, and bounded in size.
 */
export class AnalysisCache {
  private readonly entries: ByteBoundedMap<number, SampleLocal>;
  private settingsKey = "";
  /** The settings object last seen: the same object again needs no serialising (once per problem). */
  private settingsSeen: PnsSettings | undefined;

  /** `maxBytes`: the budget for the kept scores (estimated sizes; 0 keeps nothing). */
  constructor(maxBytes = 256 * 1024 * 1024) {
    this.entries = new ByteBoundedMap(maxBytes);
  }

  /** Binds the cache to these settings: any change empties it. */
  useSettings(settings: PnsSettings): void {
    // Settings objects are never mutated (a change makes a new object), so identity is enough to
    // skip the JSON of the whole settings tree that every problem of a 40 MB file paid for.
    if (settings === this.settingsSeen) return;
    this.settingsSeen = settings;
    const key = JSON.stringify(settings);
    if (key !== this.settingsKey) {
      this.entries.clear();
      this.settingsKey = key;
    }
  }

  key(gold: string, response: string): number {
    return hashString(response, hashString(gold));
  }

  get(key: number): SampleLocal | undefined {
    return this.entries.get(key);
  }

  set(key: number, value: SampleLocal): void {
    if (this.entries.maxBytes === 0) return;
    this.entries.set(key, value, approximateBytes(value));
  }

  get size(): number {
    return this.entries.size;
  }
}
