import { remoteLabel } from "../../core/reward/components";
import { type ComponentUsage, costOf, readUsage } from "../accounting";
import { RemoteError } from "../errors";
import { postJson } from "../http/postJson";
import type { Limiter } from "../limiter";
import { type RetryStats, withRetries } from "../retry";
import type { CallCounter, RewardModelSettings, ScoreInput, TokenUsage } from "../types";
import { rmChatInput, fillTemplate, rmPlainInput } from "./inputForm";
import { readScores } from "./parse";

/** A raw reward-model score, or why there is none. */
export type RmOutcome =
  | { ok: true; raw: number; tokens?: TokenUsage; costUsd: number; scoredAt: string }
  | { ok: false; reason: string };

/**
 * Reward-model assessment through vLLM's pooling endpoints: `POST /classify` for sequence
 * classifiers, `POST /pooling` for token reward models (last token's value). In `plain` and
 * `text` mode many inputs go in one request (`input: [...]`, up to `batchSize`); in `chat` mode
 * each item is its own request with `messages`, so the server applies the model's chat template:
 * vLLM's chat form of these endpoints takes one conversation per request, so chat cannot be
 * batched, only run `concurrency` requests at a time. Requests share the endpoint's concurrency
 * limit and retry policy.
 */
export class RewardModelClient {
  readonly url: string;

  constructor(
    private readonly settings: RewardModelSettings,
    private readonly apiKey: string | undefined,
    private readonly limiter: Limiter,
    private readonly usage: ComponentUsage,
  ) {
    this.url = endpointUrl(settings.baseUrl, settings.api);
  }

  /** Scores every input; a failed request makes its own items unscored, never the others. */
  async scoreMany(
    inputs: readonly ScoreInput[],
    signal?: AbortSignal,
    counter?: CallCounter,
  ): Promise<RmOutcome[]> {
    const groups: ScoreInput[][] = [];
    const size = this.settings.inputFormat === "chat" ? 1 : Math.max(1, this.settings.batchSize);
    for (let i = 0; i < inputs.length; i += size) groups.push(inputs.slice(i, i + size));
    const results = await Promise.all(groups.map((group) => this.scoreGroup(group, signal, counter)));
    return results.flat();
  }

  private async scoreGroup(
    group: ScoreInput[],
    signal?: AbortSignal,
    counter?: CallCounter,
  ): Promise<RmOutcome[]> {
    const stats: RetryStats = { attempts: 0 };
    let reply: unknown;
    try {
      reply = await withRetries(
        () =>
          this.limiter.run(
            () =>
              postJson(this.url, this.body(group), {
                apiKey: this.apiKey,
                timeoutMs: this.settings.timeoutMs,
                signal,
              }),
            signal,
          ),
        this.settings.retry,
        signal,
        stats,
      );
    } catch (error) {
      const reason = `${remoteLabel("rm")}: ${error instanceof RemoteError ? error.message : String(error)}`;
      return group.map(() => ({ ok: false, reason }));
    } finally {
      if (counter) counter.calls += stats.attempts;
      this.usage.requests += stats.attempts;
      this.usage.retries += Math.max(0, stats.attempts - 1);
    }
    let raws: number[];
    try {
      raws = readScores(reply, this.settings.api, group.length, this.settings.labelIndex);
    } catch (error) {
      const reason = `${remoteLabel("rm")}: ${(error as Error).message}`;
      return group.map(() => ({ ok: false, reason }));
    }
    const tokens = readUsage((reply as { usage?: unknown }).usage);
    const cost = tokens ? costOf(tokens, this.settings) : 0;
    if (tokens) {
      this.usage.promptTokens += tokens.prompt;
      this.usage.completionTokens += tokens.completion;
      this.usage.costUsd += cost;
    }
    const scoredAt = new Date().toISOString();
    // A batch reports one usage total: each item gets an equal share of the cost, and token
    // counts only when the request held that item alone.
    return raws.map((raw) => ({
      ok: true,
      raw,
      tokens: group.length === 1 ? tokens : undefined,
      costUsd: cost / group.length,
      scoredAt,
    }));
  }

  private body(group: ScoreInput[]): Record<string, unknown> {
    const body: Record<string, unknown> = {
      model: this.settings.model,
      use_activation: this.settings.useActivation,
    };
    if (this.settings.api === "pooling") body.encoding_format = "float";
    if (this.settings.inputFormat === "chat") body.messages = rmChatInput(group[0], this.settings);
    else if (this.settings.inputFormat === "plain")
      body.input = group.map((item) => rmPlainInput(item, this.settings));
    else body.input = group.map((item) => fillTemplate(this.settings.textTemplate, item));
    return body;
  }
}

/** vLLM serves /classify and /pooling at the server root, beside (not under) the OpenAI `/v1`. */
export function endpointUrl(baseUrl: string, api: "classify" | "pooling"): string {
  const url = new URL(baseUrl);
  const root = url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
  url.pathname = `${root}/${api}`;
  return url.toString();
}

export { fillTemplate };
