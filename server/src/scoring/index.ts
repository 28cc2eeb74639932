/** The scoring service: remote reward components (reward model, LLM judge) behind one API. */
export { ScoringService, type ScoringServiceOptions } from "./service";
export { DiskCache, noCache, type ScoreCache, type CacheEntry } from "./cache/diskCache";
export { cacheKey } from "./cache/key";
export { JUDGE_PROMPT_V1, promptVersion } from "./judge/prompt";
export { applyTransform, describeTransform } from "./rewardModel/transform";
export { redactUrl } from "./redact";
export type { UsageTotals, ComponentUsage } from "./accounting";
export * from "./types";
