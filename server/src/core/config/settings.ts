/**
 * The project configuration (`pns.config.json`), as the engine sees it after validation and
 * defaults. One type for the CLI, the language server, the reward server and the jobs bridge; the
 * JSON Schema in `schemas/pns.config.schema.json` describes the same shape for editors.
 */

/** How loudly a finding is reported; `off` turns the check off (it neither reports nor scores). */
export type RuleSeverity = "error" | "warning" | "info" | "hint" | "off";

/** Severity of a finding that is reported (never `off`). */
export type FindingSeverity = Exclude<RuleSeverity, "off">;

/** What every format rule takes besides its own parameters. */
export interface FormatRuleBase {
  /** `false` removes the rule from findings and from the format score. */
  enabled: boolean;
  /** A violation marks the response malformed: the composite is the hard penalty. */
  hardPenalty: boolean;
  /** Share of the format score this rule holds (soft rules only lose this much when violated). */
  weight: number;
}

export interface FinalAnswerRule extends FormatRuleBase {
  /** The last `\boxed{}` must start within this many characters of the end (`answer-not-at-end`). */
  maxCharsAfter: number;
}

export type TruncatedRule = FormatRuleBase;

export interface StepsRule extends FormatRuleBase {
  /** Fewest reasoning steps (non-blank lines or sentences) a response must have. */
  minSteps: number;
}

export interface LengthRule extends FormatRuleBase {
  unit: "words" | "chars";
  min: number;
  max: number;
}

export interface RepetitionRule extends FormatRuleBase {
  /** Length, in whitespace-separated tokens, of the repeated n-gram that reveals a loop. */
  ngram: number;
  /** How many occurrences of one n-gram (or consecutive copies of one line) make a loop. */
  minRepeats: number;
}

export interface MixedLanguageRule extends FormatRuleBase {
  /** Shortest run of foreign-script characters reported. */
  minRunChars: number;
  /** Scripts that are never foreign (besides Latin, digits, punctuation and Greek math letters). */
  allowScripts: Script[];
}

export type UnbalancedMathRule = FormatRuleBase;

/** Scripts the mixed-language rule recognises. */
export type Script = "cjk" | "hangul" | "cyrillic" | "arabic" | "hebrew" | "devanagari" | "thai";

export interface FormatRules {
  finalAnswer: FinalAnswerRule;
  truncated: TruncatedRule;
  steps: StepsRule;
  length: LengthRule;
  repetition: RepetitionRule;
  mixedLanguage: MixedLanguageRule;
  unbalancedMath: UnbalancedMathRule;
}

/** Weights of the plausibility components; a wrong answer's reward is their weighted mean. */
export interface ComponentWeights {
  format: number;
  rewardModel: number;
  judge: number;
  localCot: number;
}

/** Rewards outside the plausibility mean, as the method requires. */
export interface Penalties {
  /** Reward of a malformed response (any hard-penalty rule violated). */
  malformed: number;
  /** Reward of a response whose answer equals the gold (accuracy inversion gives it nothing). */
  correct: number;
}

/** Maps a raw reward-model score (centred on 0 by the centred Bradley–Terry loss) into [0, 1]. */
export interface ScoreTransform {
  /** `sigmoid`: σ(scale · (raw − shift)); `minmax`: clamp((raw − shift) / scale, 0, 1). */
  type: "sigmoid" | "minmax";
  scale: number;
  shift: number;
}

export interface JudgeEndpoint {
  /** OpenAI-compatible base URL, e.g. `http://localhost:8000/v1`. */
  baseUrl: string;
  model: string;
  /** NAME of the environment variable that holds the API key (never the key itself). */
  apiKeyEnv?: string;
  temperature: number;
  maxTokens: number;
  /** Optional tuning of the scoring service; defaults in server/src/scoring/settings.ts. */
  jsonMode?: "auto" | "on" | "off";
  maxResponseChars?: number;
  pricePer1kInputTokens?: number;
  pricePer1kOutputTokens?: number;
  concurrency?: number;
}

export interface RewardModelEndpoint {
  /** vLLM server base URL, e.g. `http://localhost:8001`. */
  baseUrl: string;
  model: string;
  /** `classify`: sequence classifier on `/classify`; `pooling`: token reward model on `/pooling`. */
  kind: "classify" | "pooling";
  apiKeyEnv?: string;
  transform: ScoreTransform;
  /**
   * A local folder of the trained reward model whose `pns_reward_input.json` says how it was
   * trained (plain or chat, template, system prompt); relative to the config file.
   */
  modelDir?: string;
  /** Optional tuning of the scoring service; defaults in server/src/scoring/settings.ts. */
  inputFormat?: "plain" | "chat" | "text";
  /** `plain` and `chat`: the prompt template (`{problem}`); default the export's. */
  promptTemplate?: string;
  /** `plain` and `chat`: the system prompt; default none. */
  systemPrompt?: string;
  textTemplate?: string;
  batchSize?: number;
  labelIndex?: number;
  useActivation?: boolean;
  pricePer1kInputTokens?: number;
  concurrency?: number;
}

export interface DuplicateSettings {
  /** Word-shingle size for near-duplicate detection. */
  shingle: number;
  /** Jaccard similarity of shingle sets at or above which two samples are near-duplicates. */
  nearThreshold: number;
}

export interface ShortNegativeSettings {
  /** A negative shorter than this fraction of the shortest positive is a length shortcut. */
  ratio: number;
}

export interface PnsSettings {
  weights: ComponentWeights;
  penalties: Penalties;
  /** A negative whose composite is below this gets `implausible-negative`. */
  implausibleThreshold: number;
  formatRules: FormatRules;
  /** Per-code severity overrides, e.g. `{ "truncated": "warning", "repetition": "off" }`. */
  rules: Record<string, RuleSeverity>;
  duplicates: DuplicateSettings;
  shortNegative: ShortNegativeSettings;
  judge?: JudgeEndpoint;
  rewardModel?: RewardModelEndpoint;
  /** Directory of the on-disk score cache, relative to the config file. */
  cacheDir: string;
  /** Most remote requests in flight at once. */
  concurrency: number;
  /** Per-request timeout for remote components, in milliseconds. */
  timeoutMs: number;
  /** Retries after a 429, 5xx or timeout. */
  retries: number;
}
