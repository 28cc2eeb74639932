// Settings for tests: short timeouts and tiny backoff so retries cost milliseconds, not seconds.
import { defaultTemplate } from "../../server/src/core/interop/index";
import type { JudgeSettings, RetrySettings, RewardModelSettings } from "../../server/src/scoring/types";

export const fastRetry: RetrySettings = {
  maxRetries: 2,
  baseDelayMs: 5,
  maxDelayMs: 20,
  maxRetryAfterMs: 5_000,
};

export function judgeSettings(baseUrl: string, overrides: Partial<JudgeSettings> = {}): JudgeSettings {
  return {
    baseUrl,
    model: "stub-judge",
    timeoutMs: 2_000,
    concurrency: 4,
    retry: fastRetry,
    pricePer1kInputTokens: 0.5,
    pricePer1kOutputTokens: 1.5,
    jsonMode: "auto",
    temperature: 0,
    maxTokens: 300,
    maxResponseChars: 50_000,
    ...overrides,
  };
}

export function rmSettings(
  baseUrl: string,
  overrides: Partial<RewardModelSettings> = {},
): RewardModelSettings {
  return {
    baseUrl,
    model: "stub-rm",
    timeoutMs: 2_000,
    concurrency: 4,
    retry: fastRetry,
    pricePer1kInputTokens: 0,
    pricePer1kOutputTokens: 0,
    api: "classify",
    inputFormat: "text",
    textTemplate: "{problem}\n\n{response}",
    promptTemplate: defaultTemplate,
    systemPrompt: "",
    separator: "\n",
    inputSource: "default",
    batchSize: 64,
    labelIndex: 0,
    useActivation: false,
    transform: { type: "sigmoid", scale: 1, shift: 0 },
    ...overrides,
  };
}
