import type { FindingSeverity } from "../config/settings";
import type { ComponentName } from "./components";

/**
 * A problem inside one response. Offsets index the response text (UTF-16); the analysis maps them
 * to file positions through the sample's body.
 */
export interface ResponseFinding {
  /** Stable code, e.g. `no-final-answer` (docs/reward.md lists them all). */
  code: string;
  message: string;
  start: number;
  end: number;
  /** The rule's default severity; the `rules` setting overrides it per code. */
  severity: FindingSeverity;
}

/** One scored part of a sample's reward. */
export interface ComponentScore {
  /** `format`, `accuracy`, `rewardModel`, `judge` or `localCot`. */
  name: ComponentName;
  /** In [0, 1]; null when the component could not score this sample (see `reason`). */
  value: number | null;
  /** Weight in the plausibility mean (0 for accuracy, which gates instead of averaging). */
  weight: number;
  reason: string;
  /** For remote components: where the score came from. */
  provenance?: ScoreProvenance;
}

export type { ComponentName };

/** Where a remote score came from; never holds a secret. */
export interface ScoreProvenance {
  model: string;
  /** Endpoint URL without credentials. */
  endpoint: string;
  promptVersion?: string;
  /** ISO time the score was computed. */
  scoredAt: string;
  /** Whether it was served from the cache. */
  cached: boolean;
  /** The raw score before the transform (reward models). */
  raw?: number;
}
