import type { EndpointSettings, RemoteComponent, TokenUsage } from "./types";

/** Running totals for one component; `usage()` of the service returns a copy. */
export interface ComponentUsage {
  /** HTTP requests sent, retries included. */
  requests: number;
  retries: number;
  cacheHits: number;
  scored: number;
  unscored: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export type UsageTotals = Record<RemoteComponent, ComponentUsage>;

export function emptyUsage(): ComponentUsage {
  return {
    requests: 0,
    retries: 0,
    cacheHits: 0,
    scored: 0,
    unscored: 0,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
  };
}

/** Cost in USD of `tokens` at the endpoint's configured prices (per 1,000 tokens). */
export function costOf(tokens: TokenUsage, settings: EndpointSettings): number {
  return (
    (tokens.prompt / 1000) * settings.pricePer1kInputTokens +
    (tokens.completion / 1000) * settings.pricePer1kOutputTokens
  );
}

/** Sums token counts; either side may be missing when an endpoint reports no usage. */
export function addTokens(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage | undefined {
  if (!a) return b;
  if (!b) return a;
  return { prompt: a.prompt + b.prompt, completion: a.completion + b.completion, total: a.total + b.total };
}

/** Reads an OpenAI-style `usage` object defensively; undefined when absent or not numbers. */
export function readUsage(usage: unknown): TokenUsage | undefined {
  if (typeof usage !== "object" || usage === null) return undefined;
  const u = usage as Record<string, unknown>;
  const prompt = typeof u.prompt_tokens === "number" ? u.prompt_tokens : 0;
  const completion = typeof u.completion_tokens === "number" ? u.completion_tokens : 0;
  const total = typeof u.total_tokens === "number" ? u.total_tokens : prompt + completion;
  if (prompt === 0 && completion === 0 && total === 0) return undefined;
  return { prompt, completion, total };
}
