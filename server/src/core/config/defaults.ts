import type { PnsSettings } from "./settings";

/**
 * The defaults, justified in docs/reward.md. A function, not a shared object, so no caller can
 * mutate another caller's settings.
 */
export function defaultSettings(): PnsSettings {
  return {
    // Reward model and judge carry the plausibility signal of the method (arXiv 2602.03516);
    // the local checks are cheap corroboration, the format score mostly acts through the hard penalty.
    weights: { format: 0.1, rewardModel: 0.4, judge: 0.35, localCot: 0.15 },
    penalties: { malformed: -1, correct: 0 },
    implausibleThreshold: 0.5,
    formatRules: {
      finalAnswer: { enabled: true, hardPenalty: true, weight: 3, maxCharsAfter: 400 },
      truncated: { enabled: true, hardPenalty: true, weight: 2 },
      steps: { enabled: true, hardPenalty: false, weight: 1, minSteps: 2 },
      length: { enabled: true, hardPenalty: false, weight: 1, unit: "words", min: 5, max: 4000 },
      repetition: { enabled: true, hardPenalty: true, weight: 2, ngram: 12, minRepeats: 4 },
      mixedLanguage: { enabled: true, hardPenalty: true, weight: 1, minRunChars: 3, allowScripts: [] },
      unbalancedMath: { enabled: true, hardPenalty: false, weight: 1 },
    },
    rules: {},
    duplicates: { shingle: 5, nearThreshold: 0.9 },
    shortNegative: { ratio: 0.4 },
    cacheDir: ".pns-cache",
    concurrency: 8,
    timeoutMs: 60_000,
    retries: 3,
  };
}

/** Defaults of the optional endpoint sections, filled in when a section is present. */
export const JUDGE_DEFAULTS = { temperature: 0, maxTokens: 1024 } as const;
export const REWARD_MODEL_DEFAULTS = {
  kind: "classify",
  transform: { type: "sigmoid", scale: 1, shift: 0 },
} as const;
