import { PARSE_CODES } from "../format/codes";

/**
 * One description of the configuration file, read three ways: the validator walks it, the JSON
 * Schema is generated from it (a test keeps `schemas/pns.config.schema.json` in step), and the docs
 * quote its descriptions. Defaults live in `defaults.ts`.
 */

export type Spec = NumberSpec | BooleanSpec | StringSpec | EnumSpec | ObjectSpec | RecordSpec | ArraySpec;

interface Described {
  description: string;
}

export interface NumberSpec extends Described {
  kind: "number";
  minimum?: number;
  maximum?: number;
  integer?: boolean;
}

export interface BooleanSpec extends Described {
  kind: "boolean";
}

export interface StringSpec extends Described {
  kind: "string";
  /** Extra check; returns an error message or undefined. */
  check?: (value: string) => string | undefined;
  pattern?: string;
  minLength?: number;
}

export interface EnumSpec extends Described {
  kind: "enum";
  values: readonly string[];
}

export interface ObjectSpec extends Described {
  kind: "object";
  fields: Record<string, Spec>;
  /** Keys that must be present when the object is (only for optional sections). */
  required?: string[];
}

export interface RecordSpec extends Described {
  kind: "record";
  value: Spec;
  /** Keys the editor should suggest (not enforced). */
  knownKeys?: readonly string[];
}

export interface ArraySpec extends Described {
  kind: "array";
  items: Spec;
}

const weight = (what: string): NumberSpec => ({
  kind: "number",
  minimum: 0,
  description: `Weight of ${what} in the plausibility mean of a wrong answer (renormalised over the available components).`,
});

const ruleBase = (what: string, extra: Record<string, Spec>): ObjectSpec => ({
  kind: "object",
  description: what,
  fields: {
    enabled: { kind: "boolean", description: "Run this rule (false: no findings, not in the format score)." },
    hardPenalty: {
      kind: "boolean",
      description: "A violation marks the response malformed: its reward is `penalties.malformed`.",
    },
    weight: {
      kind: "number",
      minimum: 0,
      description: "Share of the format score this rule holds; a violation loses weight / (sum of weights).",
    },
    ...extra,
  },
});

/** Every finding code the reward engine emits (docs/reward.md); `format` and `parse-error` are groups. */
export const REWARD_CODES = [
  "parse-error",
  "format",
  "no-final-answer",
  "multiple-final-answers",
  "answer-not-at-end",
  "truncated",
  "too-few-steps",
  "too-short",
  "too-long",
  "repetition",
  "mixed-language",
  "unbalanced-math",
  "positive-incorrect",
  "negative-correct",
  "ungradable",
  "arithmetic-slip",
  "implausible-negative",
  "duplicate-sample",
  "near-duplicate-sample",
  "short-negative",
  "analysis-error",
] as const;

/** Every code `rules` may name: the reward engine's and the parser's (docs/format.md). */
export const FINDING_CODES: readonly string[] = [...REWARD_CODES, ...Object.keys(PARSE_CODES)];

export const SEVERITIES = ["error", "warning", "info", "hint", "off"] as const;

const SCRIPTS = ["cjk", "hangul", "cyrillic", "arabic", "hebrew", "devanagari", "thai"] as const;

/** Looks like a secret rather than the name of an environment variable. */
export function looksLikeApiKey(value: string): boolean {
  if (/^(sk-|sk_|hf_|ghp_|gho_|xox[abp]-|AIza|Bearer\s)/.test(value)) return true;
  // Env var names are identifiers; keys are long runs mixing cases and digits.
  return value.length >= 24 && /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value);
}

const price = (tokens: string): NumberSpec => ({
  kind: "number",
  minimum: 0,
  description: `USD per 1,000 ${tokens} tokens, for cost accounting. Default 0.`,
});

const endpointConcurrency: NumberSpec = {
  kind: "number",
  minimum: 1,
  maximum: 1024,
  integer: true,
  description: "Requests in flight to this endpoint (default: the top-level concurrency).",
};

const apiKeyEnv: StringSpec = {
  kind: "string",
  pattern: "^[A-Za-z_][A-Za-z0-9_]*$",
  description:
    "NAME of the environment variable holding the API key (e.g. `OPENAI_API_KEY`). Never the key itself.",
  check: (value) =>
    looksLikeApiKey(value)
      ? "this looks like an API key: never put a key in the config file; store it in an environment variable and write that variable's NAME here (e.g. OPENAI_API_KEY)"
      : /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)
        ? undefined
        : `'${value}' is not an environment variable name (letters, digits, _; not starting with a digit)`,
};

const baseUrl = (example: string): StringSpec => ({
  kind: "string",
  pattern: "^https?://",
  description: `Base URL of the endpoint, e.g. \`${example}\`.`,
  check: (value) => {
    if (!/^https?:\/\/[^\s/]+/.test(value)) return `'${value}' is not an http(s) URL`;
    if (/^https?:\/\/[^/\s]*@/.test(value)) {
      return "credentials in the URL are not allowed: use apiKeyEnv to name the environment variable holding the key";
    }
    return undefined;
  },
});

export const CONFIG_SPEC: ObjectSpec = {
  kind: "object",
  description: "PNS Workbench project configuration (pns.config.json). See docs/reward.md.",
  fields: {
    $schema: { kind: "string", description: "JSON Schema of this file (for editors)." },
    weights: {
      kind: "object",
      description: "Weights of the plausibility components of a wrong answer's reward.",
      fields: {
        format: weight("the format score"),
        rewardModel: weight("the reward-model score"),
        judge: weight("the LLM judge's chain-of-thought score"),
        localCot: weight("the local arithmetic consistency of the steps"),
      },
    },
    penalties: {
      kind: "object",
      description: "Rewards that bypass the plausibility mean.",
      fields: {
        malformed: {
          kind: "number",
          minimum: -100,
          maximum: 100,
          description: "Reward of a malformed response (a hard-penalty format rule violated).",
        },
        correct: {
          kind: "number",
          minimum: -100,
          maximum: 100,
          description: "Reward of a response whose final answer equals the gold answer.",
        },
      },
    },
    implausibleThreshold: {
      kind: "number",
      description: "A negative whose composite reward is below this is reported as `implausible-negative`.",
    },
    formatRules: {
      kind: "object",
      description: "Format compliance rules: parameters, enable flags and hard-penalty flags.",
      fields: {
        finalAnswer: ruleBase(
          "Exactly one final answer in \\boxed{} near the end (no-final-answer, multiple-final-answers, answer-not-at-end).",
          {
            maxCharsAfter: {
              kind: "number",
              minimum: 0,
              integer: true,
              description: "Most characters allowed after the last \\boxed{} before answer-not-at-end.",
            },
          },
        ),
        truncated: ruleBase("The response ends mid-sentence or mid-formula (truncated).", {}),
        steps: ruleBase("At least minSteps reasoning steps (too-few-steps).", {
          minSteps: {
            kind: "number",
            minimum: 0,
            integer: true,
            description: "Fewest steps (non-blank lines or sentences).",
          },
        }),
        length: ruleBase("Length within bounds (too-short, too-long).", {
          unit: { kind: "enum", values: ["words", "chars"], description: "What min and max count." },
          min: { kind: "number", minimum: 0, integer: true, description: "Shortest allowed length." },
          max: { kind: "number", minimum: 1, integer: true, description: "Longest allowed length." },
        }),
        repetition: ruleBase(
          "Repetition loops: a repeated n-gram or a run of identical lines (repetition).",
          {
            ngram: {
              kind: "number",
              minimum: 3,
              maximum: 200,
              integer: true,
              description: "Tokens per n-gram.",
            },
            minRepeats: {
              kind: "number",
              minimum: 2,
              integer: true,
              description: "Occurrences of one n-gram, or consecutive copies of one line, that make a loop.",
            },
          },
        ),
        mixedLanguage: ruleBase(
          "Runs of a foreign script, e.g. CJK or Cyrillic, in a response (mixed-language).",
          {
            minRunChars: {
              kind: "number",
              minimum: 1,
              integer: true,
              description: "Shortest reported run of foreign-script characters.",
            },
            allowScripts: {
              kind: "array",
              items: { kind: "enum", values: SCRIPTS, description: "A script." },
              description: "Scripts never reported.",
            },
          },
        ),
        unbalancedMath: ruleBase("Balanced $ delimiters and braces (unbalanced-math).", {}),
      },
    },
    rules: {
      kind: "record",
      knownKeys: FINDING_CODES,
      value: { kind: "enum", values: SEVERITIES, description: "Severity, or off." },
      description:
        'Severity per finding code, e.g. { "truncated": "warning", "repetition": "off" }. `format` sets every format rule; `parse-error` every parser finding.',
    },
    duplicates: {
      kind: "object",
      description: "Duplicate and near-duplicate samples within a problem.",
      fields: {
        shingle: {
          kind: "number",
          minimum: 1,
          maximum: 50,
          integer: true,
          description: "Words per shingle.",
        },
        nearThreshold: {
          kind: "number",
          minimum: 0,
          maximum: 1,
          description: "Jaccard similarity of shingle sets at or above which samples are near-duplicates.",
        },
      },
    },
    shortNegative: {
      kind: "object",
      description: "Negatives much shorter than the positives (a length shortcut).",
      fields: {
        ratio: {
          kind: "number",
          minimum: 0,
          maximum: 1,
          description: "A negative shorter than ratio × the shortest positive (in words) is reported.",
        },
      },
    },
    judge: {
      kind: "object",
      description:
        "LLM judge for the chain-of-thought score (any OpenAI-compatible endpoint). Omit to disable.",
      required: ["baseUrl", "model"],
      fields: {
        baseUrl: baseUrl("http://localhost:8000/v1"),
        model: { kind: "string", minLength: 1, description: "Model name sent to the endpoint." },
        apiKeyEnv,
        temperature: { kind: "number", minimum: 0, maximum: 2, description: "Sampling temperature." },
        maxTokens: { kind: "number", minimum: 1, integer: true, description: "Most tokens in a verdict." },
        // Optional tuning read by the scoring service (server/src/scoring/settings.ts, docs/scoring.md).
        jsonMode: {
          kind: "enum",
          values: ["auto", "on", "off"],
          description:
            "Send `response_format: json_object`: `auto` (default) tries it and falls back when the endpoint rejects it.",
        },
        maxResponseChars: {
          kind: "number",
          minimum: 1,
          integer: true,
          description: "Longer responses are not sent to the judge (unscored). Default 32000.",
        },
        pricePer1kInputTokens: price("prompt"),
        pricePer1kOutputTokens: price("completion"),
        concurrency: endpointConcurrency,
      },
    },
    rewardModel: {
      kind: "object",
      description: "Reward model served by vLLM (/classify or /pooling). Omit to disable.",
      required: ["baseUrl", "model"],
      fields: {
        baseUrl: baseUrl("http://localhost:8001"),
        model: { kind: "string", minLength: 1, description: "Model name sent to the endpoint." },
        kind: {
          kind: "enum",
          values: ["classify", "pooling"],
          description:
            "`classify`: sequence classifier (raw score); `pooling`: token reward model (last-token value).",
        },
        apiKeyEnv,
        // Optional tuning read by the scoring service (server/src/scoring/settings.ts, docs/scoring.md).
        modelDir: {
          kind: "string",
          minLength: 1,
          description:
            "Local folder of the trained reward model (relative to this file). Its `pns_reward_input.json` (written by `pns run reward-model`) sets the input format, prompt template and system prompt the model was trained with.",
        },
        inputFormat: {
          kind: "enum",
          values: ["plain", "chat", "text"],
          description:
            "`plain` (default): batched `input` strings, prompt (template, system prompt) + separator + response, as `pns export` writes pairs; `chat`: `messages` (system?, user, assistant), one request per item, the server applies the chat template; `text`: batched strings from `textTemplate`. `modelDir`'s record overrides it.",
        },
        promptTemplate: {
          kind: "string",
          minLength: 1,
          description:
            "`plain`/`chat`: the prompt template, with `{problem}` (default: the `pns export` default). `modelDir`'s record overrides it.",
        },
        systemPrompt: {
          kind: "string",
          description: "`plain`/`chat`: the system prompt (default none). `modelDir`'s record overrides it.",
        },
        textTemplate: {
          kind: "string",
          minLength: 1,
          description: "Input text in `text` mode; `{problem}` and `{response}` are replaced.",
        },
        batchSize: {
          kind: "number",
          minimum: 1,
          maximum: 4096,
          integer: true,
          description: "Inputs per request in `text` mode. Default 32.",
        },
        labelIndex: {
          kind: "number",
          minimum: 0,
          integer: true,
          description:
            "Which output is the reward: the class index (classify) or the last token's column (pooling).",
        },
        useActivation: {
          kind: "boolean",
          description:
            "Sent as vLLM `use_activation`; false (default) asks for raw logits, which the transform expects.",
        },
        pricePer1kInputTokens: price("input"),
        concurrency: endpointConcurrency,
        transform: {
          kind: "object",
          description: "Maps the raw score into [0, 1].",
          fields: {
            type: {
              kind: "enum",
              values: ["sigmoid", "minmax"],
              description:
                "`sigmoid`: σ(scale · (raw − shift)); `minmax`: clamp((raw − shift) / scale, 0, 1).",
            },
            scale: { kind: "number", description: "Scale (sigmoid slope, or the minmax range width)." },
            shift: {
              kind: "number",
              description: "Shift (the raw score mapped to 0.5, or the minmax minimum).",
            },
          },
        },
      },
    },
    cacheDir: { kind: "string", minLength: 1, description: "Score cache directory, relative to this file." },
    concurrency: {
      kind: "number",
      minimum: 1,
      maximum: 1024,
      integer: true,
      description: "Most remote requests in flight.",
    },
    timeoutMs: {
      kind: "number",
      minimum: 1,
      integer: true,
      description: "Per-request timeout in milliseconds.",
    },
    retries: {
      kind: "number",
      minimum: 0,
      maximum: 20,
      integer: true,
      description: "Retries after 429, 5xx or a timeout.",
    },
  },
};
