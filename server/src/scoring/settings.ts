import * as path from "node:path";
import type { PnsSettings } from "../core/config/index";
import { defaultTemplate, parseTemplate, PROMPT_SEPARATOR, type PromptTemplate } from "../core/interop/index";
import { readInputRecord } from "./rewardModel/inputRecord";
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
  // What `pns run reward-model` trains on by default: `pns export`'s plain prompt + response.
  inputFormat: "plain",
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
export function scoringSettingsFrom(
  settings: PnsSettings,
  where: {
    /** The config file's folder: `rewardModel.modelDir` is relative to it (default: the process's). */
    configDir?: string;
    /** Where a missing or bad input record is reported. */
    warn?: (message: string) => void;
  } = {},
): {
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
      ...inputFormOf(rm, extras.inputFormat, where),
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

type InputForm = Pick<
  RewardModelSettings,
  "inputFormat" | "promptTemplate" | "systemPrompt" | "separator" | "inputSource"
>;

/**
 * The reward model's input form: the model folder's record when `modelDir` is set (it says how
 * the model was trained, so it wins over the config, with a warning when they disagree), else the
 * config's `inputFormat`, `promptTemplate`, `systemPrompt`, else plain text with `pns export`'s
 * default prompt. A folder without a record gives a warning and plain text.
 */
function inputFormOf(
  rm: NonNullable<PnsSettings["rewardModel"]>,
  configured: RewardModelSettings["inputFormat"],
  where: { configDir?: string; warn?: (message: string) => void },
): InputForm {
  const configTemplate = rm.promptTemplate ? parseTemplate(rm.promptTemplate) : defaultTemplate;
  // The validator rejects a template without {problem}; a string here means it was bypassed.
  const template: PromptTemplate = typeof configTemplate === "string" ? defaultTemplate : configTemplate;
  const fromConfig: InputForm = {
    inputFormat: configured,
    promptTemplate: template,
    systemPrompt: rm.systemPrompt ?? "",
    separator: PROMPT_SEPARATOR,
    inputSource: rm.inputFormat ? "config" : "default",
  };
  if (!rm.modelDir) return fromConfig;
  const dir = path.resolve(where.configDir ?? ".", rm.modelDir);
  const read = readInputRecord(dir);
  if ("warning" in read) {
    where.warn?.(read.warning);
    return {
      ...fromConfig,
      inputFormat: rm.inputFormat === "text" ? "text" : "plain",
      inputSource: `${dir} (no record)`,
    };
  }
  const { record } = read;
  if (rm.inputFormat && rm.inputFormat !== record.format)
    where.warn?.(
      `rewardModel.inputFormat is ${rm.inputFormat} but ${read.file} says the model was trained on ${record.format}: using ${record.format}`,
    );
  return {
    inputFormat: record.format,
    promptTemplate: parseTemplate(record.prompt_template) as PromptTemplate,
    systemPrompt: record.system_prompt,
    separator: record.separator,
    inputSource: read.file,
  };
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
