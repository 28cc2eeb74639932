import { remoteLabel } from "../../core/reward/components";
import OpenAI from "openai";
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { type ComponentUsage, addTokens, costOf, readUsage } from "../accounting";
import { RemoteError } from "../errors";
import { attemptSignal } from "../http/signals";
import { snippet } from "../http/postJson";
import type { Limiter } from "../limiter";
import { parseRetryAfter } from "../retryAfter";
import { scrubText } from "../redact";
import { type RetryStats, withRetries } from "../retry";
import { abortedError } from "../sleep";
import type { CallCounter, JudgeSettings, TokenUsage } from "../types";
import { type ParsedJudgement, parseJudgeReply } from "./parse";
import { JUDGE_PROMPT_V1, type JudgePrompt, renderUser } from "./prompt";

/** A judgement, or why there is none; tokens are counted either way. */
export type JudgeOutcome =
  | { ok: true; judgement: ParsedJudgement; tokens?: TokenUsage; costUsd: number; scoredAt: string }
  | { ok: false; reason: string };

/**
 * Chain-of-thought evaluation by an LLM judge over any OpenAI-compatible chat completions
 * endpoint (OpenAI, vLLM, Ollama, llama.cpp). Transport failures are retried with backoff
 * (`withRetries`); a reply that is not valid rubric JSON is asked for once more, then the item
 * is unscored with the validation error. The request carries the problem and the response only.
 */
export class JudgeClient {
  private readonly openai: OpenAI;
  /** Learned in `auto` mode: false once the endpoint has rejected `response_format`. */
  private jsonModeWorks: boolean;

  constructor(
    private readonly settings: JudgeSettings,
    private readonly apiKey: string | undefined,
    private readonly limiter: Limiter,
    private readonly usage: ComponentUsage,
    readonly prompt: JudgePrompt = JUDGE_PROMPT_V1,
  ) {
    // The SDK's own retries are off: ours honour Retry-After caps and share the concurrency limit.
    this.openai = new OpenAI({
      baseURL: settings.baseUrl,
      // Keyless local servers (vLLM, Ollama) accept any bearer; the SDK insists on a value.
      apiKey: apiKey ?? "no-key",
      maxRetries: 0,
      timeout: settings.timeoutMs,
    });
    this.jsonModeWorks = settings.jsonMode !== "off";
  }

  async judge(
    problem: string,
    response: string,
    signal?: AbortSignal,
    counter?: CallCounter,
  ): Promise<JudgeOutcome> {
    if (response.length > this.settings.maxResponseChars) {
      return {
        ok: false,
        reason: `response is ${response.length} characters, over the judge's limit of ${this.settings.maxResponseChars}`,
      };
    }
    const messages: ChatCompletionMessageParam[] = [
      { role: "system", content: this.prompt.system },
      { role: "user", content: renderUser(this.prompt, problem, response) },
    ];
    let tokens: TokenUsage | undefined;
    let lastError = "";
    // Two tries at valid JSON: the second shows the judge its own reply and the validation error.
    for (let round = 0; round < 2; round++) {
      let reply: { text: string | null; tokens?: TokenUsage };
      try {
        reply = await this.complete(messages, signal, counter);
      } catch (error) {
        const remote = error instanceof RemoteError ? error : new RemoteError("connection", String(error));
        if (remote.kind !== "malformed")
          return { ok: false, reason: `${remoteLabel("judge")}: ${remote.message}` };
        lastError = remote.message;
        continue;
      }
      tokens = addTokens(tokens, reply.tokens);
      const parsed = parseJudgeReply(reply.text);
      if (parsed.ok) {
        return {
          ok: true,
          judgement: parsed.value,
          tokens,
          costUsd: tokens ? costOf(tokens, this.settings) : 0,
          scoredAt: new Date().toISOString(),
        };
      }
      lastError = parsed.error;
      messages.push(
        { role: "assistant", content: reply.text ?? "" },
        {
          role: "user",
          content: `That reply could not be used (${parsed.error}). Reply with only the JSON object described above.`,
        },
      );
    }
    return { ok: false, reason: `${remoteLabel("judge")}: malformed output after a retry: ${lastError}` };
  }

  /** One chat completion with transport retries; returns the reply text and token usage. */
  private async complete(
    messages: ChatCompletionMessageParam[],
    signal?: AbortSignal,
    counter?: CallCounter,
  ): Promise<{ text: string | null; tokens?: TokenUsage }> {
    const stats: RetryStats = { attempts: 0 };
    try {
      return await withRetries(
        () => this.limiter.run(() => this.once(messages, signal), signal),
        this.settings.retry,
        signal,
        stats,
      );
    } finally {
      if (counter) counter.calls += stats.attempts;
      this.usage.requests += stats.attempts;
      this.usage.retries += Math.max(0, stats.attempts - 1);
    }
  }

  private async once(
    messages: ChatCompletionMessageParam[],
    callerSignal?: AbortSignal,
  ): Promise<{ text: string | null; tokens?: TokenUsage }> {
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: this.settings.model,
      messages,
      temperature: this.settings.temperature,
      max_tokens: this.settings.maxTokens,
    };
    if (this.jsonModeWorks) body.response_format = { type: "json_object" };
    const { signal, timedOut } = attemptSignal(this.settings.timeoutMs, callerSignal);
    let completion: unknown;
    try {
      completion = await this.openai.chat.completions.create(body, { signal, maxRetries: 0 });
    } catch (error) {
      const remote = this.classify(error, timedOut(), callerSignal);
      if (this.settings.jsonMode === "auto" && this.jsonModeWorks && rejectsJsonMode(remote)) {
        // The endpoint does not know response_format: drop it for good and ask again at once.
        this.jsonModeWorks = false;
        return this.once(messages, callerSignal);
      }
      throw remote;
    }
    const tokens = readUsage((completion as { usage?: unknown } | null)?.usage);
    if (tokens) {
      this.usage.promptTokens += tokens.prompt;
      this.usage.completionTokens += tokens.completion;
      this.usage.costUsd += costOf(tokens, this.settings);
    }
    const choices = (completion as { choices?: unknown } | null)?.choices;
    if (!Array.isArray(choices) || choices.length === 0) {
      const preview = typeof completion === "string" ? snippet(completion) : "no choices";
      throw new RemoteError("malformed", `reply is not a chat completion: ${preview}`);
    }
    const content = (choices[0] as { message?: { content?: unknown } }).message?.content;
    return { text: typeof content === "string" ? content : null, tokens };
  }

  private classify(error: unknown, timedOut: boolean, callerSignal?: AbortSignal): RemoteError {
    if (timedOut || error instanceof OpenAI.APIConnectionTimeoutError) {
      return new RemoteError("timeout", `no reply within ${this.settings.timeoutMs} ms`);
    }
    if (callerSignal?.aborted || error instanceof OpenAI.APIUserAbortError) return abortedError(callerSignal);
    if (error instanceof OpenAI.APIConnectionError) {
      return new RemoteError(
        "connection",
        this.scrub(`cannot reach ${this.settings.baseUrl}: ${error.message}`),
      );
    }
    if (error instanceof OpenAI.APIError && typeof error.status === "number") {
      const headers = error.headers as Headers | undefined;
      const ms = Number(headers?.get("retry-after-ms") ?? NaN);
      const retryAfterMs = Number.isFinite(ms) && ms >= 0 ? ms : parseRetryAfter(headers?.get("retry-after"));
      return new RemoteError(
        "http",
        this.scrub(`HTTP ${error.status}: ${error.message}`),
        error.status,
        retryAfterMs,
      );
    }
    // The SDK parses JSON bodies itself; a 2xx with a broken JSON body lands here.
    if (error instanceof SyntaxError)
      return new RemoteError("malformed", `reply is not JSON: ${error.message}`);
    return new RemoteError("connection", this.scrub(error instanceof Error ? error.message : String(error)));
  }

  private scrub(text: string): string {
    return scrubText(text, this.apiKey);
  }
}

/** A 400 that names `response_format` means the endpoint does not support JSON mode. */
function rejectsJsonMode(error: RemoteError): boolean {
  return (
    error.kind === "http" &&
    (error.status === 400 || error.status === 422) &&
    /response_format|json/i.test(error.message)
  );
}
