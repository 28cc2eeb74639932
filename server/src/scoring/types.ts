import type { ScoreTransform } from "../core/config/index";
import type { RemoteApiName } from "../core/reward/components";
import type { PromptTemplate } from "../core/interop/index";

/**
 * Types of the scoring service: the remote components (reward model, LLM judge), their endpoint
 * settings, and what a remote score looks like. The project config (`server/src/core/config`)
 * maps onto {@link JudgeSettings} and {@link RewardModelSettings}; see `settings.ts`.
 */

/**
 * The remote components this service computes, by their API names (the core's component table).
 * Local components live in the core.
 */
export type RemoteComponent = RemoteApiName;

/** Exponential backoff with jitter; see `retry.ts`. */
export interface RetrySettings {
  /** Retries after the first attempt (0 = try once). */
  maxRetries: number;
  /** Delay before the first retry, doubled each time, before jitter. */
  baseDelayMs: number;
  /** Cap on one backoff delay. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this gives up instead of waiting (the item becomes unscored). */
  maxRetryAfterMs: number;
}

/** What every remote endpoint needs. Never holds a secret: only the name of the variable that does. */
export interface EndpointSettings {
  /** OpenAI-compatible base URL, e.g. `http://127.0.0.1:8000/v1` (vLLM) or `https://api.openai.com/v1`. */
  baseUrl: string;
  model: string;
  /** Name of the environment variable holding the API key; unset for keyless local servers. */
  apiKeyEnv?: string;
  /** Per-request timeout (each attempt). */
  timeoutMs: number;
  /** Requests in flight at once to this endpoint. */
  concurrency: number;
  retry: RetrySettings;
  /** USD per 1,000 input (prompt) tokens, for cost accounting; 0 when free or unknown. */
  pricePer1kInputTokens: number;
  /** USD per 1,000 output (completion) tokens. */
  pricePer1kOutputTokens: number;
}

export interface JudgeSettings extends EndpointSettings {
  /**
   * `response_format: {type: "json_object"}`: `on` always sends it, `off` never, `auto` sends it
   * and falls back (remembered per client) when the endpoint rejects it with HTTP 400.
   */
  jsonMode: "auto" | "on" | "off";
  temperature: number;
  maxTokens: number;
  /** Responses longer than this are not sent to the judge (unscored, with the reason). */
  maxResponseChars: number;
}

/**
 * How a raw reward-model score (a logit, centred near 0 by the centred Bradley-Terry loss) maps to
 * [0,1]: the project config's `rewardModel.transform` (see `rewardModel/transform.ts`).
 */
export type RmTransform = ScoreTransform;

export interface RewardModelSettings extends EndpointSettings {
  /** `classify`: sequence classifier on vLLM `POST /classify`; `pooling`: token reward model on `POST /pooling`. */
  api: "classify" | "pooling";
  /**
   * The form the model was trained on (see `rewardModel/inputForm.ts`): `plain` strings (prompt,
   * separator, response; batched, up to `batchSize` per request), `chat` messages (one item per
   * request: vLLM's chat requests take one conversation), or `text` from `textTemplate`.
   */
  inputFormat: "plain" | "chat" | "text";
  /** `plain` and `chat`: the prompt template and system prompt (empty: none). */
  promptTemplate: PromptTemplate;
  systemPrompt: string;
  /** `plain`: put between prompt and response unless the prompt ends in whitespace. */
  separator: string;
  /** Where the input form came from: `<model dir>/pns_reward_input.json`, the config, or the default. */
  inputSource: string;
  /** `{problem}` and `{response}` are replaced; used when `inputFormat` is `text`. */
  textTemplate: string;
  batchSize: number;
  /** Which output value is the reward: the class index (classify) or the last token's column (pooling). */
  labelIndex: number;
  /** Sent as vLLM's `use_activation`: false asks for raw logits, which the transform expects. */
  useActivation: boolean;
  transform: RmTransform;
}

/** Token counts reported by the endpoint. */
export interface TokenUsage {
  prompt: number;
  completion: number;
  total: number;
}

/** Where a remote score came from. Stored with every cached score. */
export interface Provenance {
  component: RemoteComponent;
  model: string;
  /** Endpoint URL without credentials or secret query parameters (see `redact.ts`). */
  endpoint: string;
  /** Judge: the rubric prompt id (`judge-v1`) and content hash; reward model: the API used. */
  promptVersion: string;
  /** ISO 8601 time the endpoint answered. */
  scoredAt: string;
  tokens?: TokenUsage;
  costUsd?: number;
}

/** The judge's four criteria, each normalised to [0,1]. */
export interface JudgeCriteria {
  relevance: number;
  coherence: number;
  instructionFollowing: number;
  reasoning: number;
}

export interface JudgeDetail {
  criteria: JudgeCriteria;
  /** The judge's own scores on its 1-10 scale, as returned. */
  rawCriteria: JudgeCriteria;
  rationale: string;
}

export interface RewardModelDetail {
  /** The model's raw output before the transform. */
  raw: number;
  /** The transform applied, e.g. `sigmoid(scale=1,shift=0)`. */
  transform: string;
}

/** A remote component's score in [0,1] with its provenance. */
export interface RemoteScored {
  score: number;
  cached: boolean;
  provenance: Provenance;
  judge?: JudgeDetail;
  rm?: RewardModelDetail;
}

/** A remote component that could not be scored; `unscored` says why. Never a guessed score. */
export interface RemoteUnscored {
  unscored: string;
}

export type RemoteResult = RemoteScored | RemoteUnscored;

export function isUnscored(result: RemoteResult): result is RemoteUnscored {
  return "unscored" in result;
}

/** One thing to score remotely. The gold answer is used for the cache key only; the judge never sees it. */
export interface ScoreInput {
  problem: string;
  response: string;
  gold?: string;
}

/** Per input, the remote components that were asked for. */
export interface RemoteScores {
  rm?: RemoteResult;
  judge?: RemoteResult;
}

/**
 * Supplies API keys that the editor keeps in SecretStorage; checked before the environment. It
 * gets the endpoint URL so that it can hold a key back from a host the user has not approved.
 */
export type SecretProvider = (component: RemoteComponent, url: string) => string | undefined;

/** Where diagnostics go; never receives secrets. */
export interface ScoringLogger {
  warn(message: string): void;
}

/** Counts the HTTP requests (retries included) one caller's scoring made; cache hits make none. */
export interface CallCounter {
  calls: number;
}
