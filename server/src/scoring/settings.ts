import type { PnsSettings } from "../core/config/index";
import type { JudgeSettings, RetrySettings, RewardModelSettings } from "./types";

/**
 * The optional tuning fields of the config's `judge` and `rewardModel` sections (see
 * docs/scoring.md), with the defaults that apply when a field is absent.
 */
export interface JudgeExtras {
  jsonMode: JudgeSettings["jsonMode"];
  maxResponseChars: number;
  pricePer1kInputTokens: number;
  pricePer1kOutputTokens: number;
  concurrency: number;
}

export interface RewardModelExtras {
  inputFormat: RewardModelSettings["inputFormat"];
  textTemplate: string;
  batchSize: number;
  labelIndex: number;
  useActivation: boolean;
  pricePer1kInputTokens: number;
  concurrency: number;
}

export const JUDGE_EXTRAS_DEFAULTS: JudgeExtras = {
  jsonMode: "auto",
  // About 8k tokens of response: longer ones are almost always repetition loops, and cost money.
  maxResponseChars: 32_000,
  pricePer1kInputTokens: 0,
  pricePer1kOutputTokens: 0,
  concurrency: 0,
};

export const REWARD_MODEL_EXTRAS_DEFAULTS: RewardModelExtras = {
  // Reward models are trained on chat-formatted pairs; let the server apply the same template.
  inputFormat: "chat",
  textTemplate: "{problem}\n\n{response}",
  batchSize: 32,
  labelIndex: 0,
  useActivation: false,
  pricePer1kInputTokens: 0,
  concurrency: 0,
};

/** Backoff shape for every endpoint; only the retry count comes from the project config. */
export function retrySettings(retries: number): RetrySettings {
  return { maxRetries: retries, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };
}

/**
 * The scoring service's settings from the project config: the `judge` and `rewardModel`
 * sections (absent = not configured), with the shared `concurrency`, `timeoutMs` and `retries`.
 */
export function scoringSettingsFrom(settings: PnsSettings): {
  judge?: JudgeSettings;
  rewardModel?: RewardModelSettings;
} {
  const retry = retrySettings(settings.retries);
  const out: { judge?: JudgeSettings; rewardModel?: RewardModelSettings } = {};
  if (settings.judge) {
    const judge = settings.judge;
    const extras = { ...JUDGE_EXTRAS_DEFAULTS, ...definedOnly(judge, JUDGE_EXTRAS_DEFAULTS) };
    out.judge = {
      baseUrl: judge.baseUrl,
      model: judge.model,
      ...(judge.apiKeyEnv ? { apiKeyEnv: judge.apiKeyEnv } : {}),
      temperature: judge.temperature,
      maxTokens: judge.maxTokens,
      timeoutMs: settings.timeoutMs,
      concurrency: extras.concurrency || settings.concurrency,
      retry,
      jsonMode: extras.jsonMode,
      maxResponseChars: extras.maxResponseChars,
      pricePer1kInputTokens: extras.pricePer1kInputTokens,
      pricePer1kOutputTokens: extras.pricePer1kOutputTokens,
    };
  }
  if (settings.rewardModel) {
    const rm = settings.rewardModel;
    const extras = { ...REWARD_MODEL_EXTRAS_DEFAULTS, ...definedOnly(rm, REWARD_MODEL_EXTRAS_DEFAULTS) };
    out.rewardModel = {
      baseUrl: rm.baseUrl,
      model: rm.model,
      ...(rm.apiKeyEnv ? { apiKeyEnv: rm.apiKeyEnv } : {}),
      api: rm.kind,
      transform: rm.transform,
      timeoutMs: settings.timeoutMs,
      concurrency: extras.concurrency || settings.concurrency,
      retry,
      inputFormat: extras.inputFormat,
      textTemplate: extras.textTemplate,
      batchSize: extras.batchSize,
      labelIndex: extras.labelIndex,
      useActivation: extras.useActivation,
      pricePer1kInputTokens: extras.pricePer1kInputTokens,
      pricePer1kOutputTokens: 0,
    };
  }
  return out;
}

/** The keys of `template` that `source` sets to a value of the same type. */
function definedOnly<T extends object>(source: object, template: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(template) as Array<keyof T>) {
    const value = (source as Record<keyof T, unknown>)[key];
    if (value !== undefined && typeof value === typeof template[key]) out[key] = value as T[keyof T];
  }
  return out;
}
