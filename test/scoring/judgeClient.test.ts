import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ScoringService } from "../../server/src/scoring/service";
import { type RemoteScored, type RemoteUnscored, isUnscored } from "../../server/src/scoring/types";
import {
  OpenAiStub,
  chatReply,
  drop,
  hang,
  judgeJson,
  json,
  rateLimited,
  serverError,
  text,
} from "../support/openaiStub";
import { judgeSettings } from "./settings";

const CHAT = "/v1/chat/completions";
const input = {
  problem: "Natalia sold 48 clips in April and half as many in May. How many in total?",
  response: "In May she sold 48/2 = 24. Total 48 + 24 = 70. \\boxed{70}",
  gold: "GOLD-ANSWER-72",
};

let stub: OpenAiStub;
beforeAll(async () => (stub = await OpenAiStub.start()));
afterAll(async () => stub.close());
beforeEach(() => stub.reset());

function service(overrides: Parameters<typeof judgeSettings>[1] = {}, env: Record<string, string> = {}) {
  return new ScoringService({ judge: judgeSettings(stub.baseUrl, overrides), env });
}

async function judgeOne(s: ScoringService, signal?: AbortSignal) {
  const [result] = await s.score([input], ["judge"], signal);
  return result.judge!;
}

function scored(result: unknown): RemoteScored {
  expect(result).not.toHaveProperty("unscored");
  return result as RemoteScored;
}

function unscored(result: unknown): string {
  expect(result).toHaveProperty("unscored");
  return (result as RemoteUnscored).unscored;
}

describe("judge client", () => {
  it("scores a response from valid JSON and records provenance, tokens and cost", async () => {
    stub.enqueue(
      CHAT,
      chatReply(judgeJson({ relevance: 10, coherence: 10, instruction_following: 1, reasoning_quality: 1 })),
    );
    const s = service();
    const result = scored(await judgeOne(s));
    expect(result.score).toBe(0.5);
    expect(result.judge!.criteria).toEqual({
      relevance: 1,
      coherence: 1,
      instructionFollowing: 0,
      reasoning: 0,
    });
    expect(result.provenance).toMatchObject({
      component: "judge",
      model: "stub-judge",
      endpoint: stub.baseUrl,
      tokens: { prompt: 100, completion: 20, total: 120 },
    });
    expect(result.provenance.promptVersion).toMatch(/^judge-v1#[0-9a-f]{16}$/);
    // 100 prompt tokens at $0.5/1k + 20 completion tokens at $1.5/1k.
    expect(result.provenance.costUsd).toBeCloseTo(0.08, 10);
    expect(s.usage().judge).toMatchObject({
      requests: 1,
      scored: 1,
      promptTokens: 100,
      completionTokens: 20,
    });
  });

  it("sends the problem and response but never the gold answer, in JSON mode", async () => {
    stub.enqueue(CHAT, chatReply(judgeJson()));
    await judgeOne(service());
    const [request] = stub.requestsTo(CHAT);
    expect(request.text).toContain("Natalia sold 48 clips");
    expect(request.text).toContain("\\\\boxed{70}");
    expect(request.text).not.toContain("GOLD-ANSWER-72");
    expect(request.body).toMatchObject({
      model: "stub-judge",
      temperature: 0,
      response_format: { type: "json_object" },
    });
  });

  it("retries malformed output once, showing the judge its reply, then scores", async () => {
    stub.enqueue(CHAT, chatReply("The reasoning is solid, I'd give it an 8."), chatReply(judgeJson()));
    const result = scored(await judgeOne(service()));
    expect(result.score).toBeCloseTo(6 / 9, 10);
    const second = stub.requestsTo(CHAT)[1].body as { messages: Array<{ role: string; content: string }> };
    expect(second.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(second.messages[3].content).toContain("no JSON object");
  });

  it("reports malformed output twice as unscored with the reason, never a guess", async () => {
    stub.enqueue(CHAT, chatReply("not json"), chatReply(judgeJson({ relevance: 42 })));
    const reason = unscored(await judgeOne(service()));
    expect(reason).toBe('judge: malformed output after a retry: "relevance" is 42, outside 1-10');
    expect(stub.requestsTo(CHAT)).toHaveLength(2);
  });

  it("treats a non-JSON 200 body as malformed output", async () => {
    stub.enqueue(CHAT, text("<html>502 Bad Gateway</html>"), text("<html>502 Bad Gateway</html>"));
    expect(unscored(await judgeOne(service()))).toMatch(
      /^judge: malformed output after a retry: reply is not a chat completion/,
    );
  });

  it("waits for Retry-After on 429 and then succeeds", async () => {
    stub.enqueue(CHAT, rateLimited(1), chatReply(judgeJson()));
    const started = Date.now();
    const s = service();
    scored(await judgeOne(s));
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(s.usage().judge).toMatchObject({ requests: 2, retries: 1 });
  });

  it("retries 500s with backoff and gives up with the status after maxRetries", async () => {
    stub.enqueue(CHAT, serverError(), serverError(502), chatReply(judgeJson()));
    scored(await judgeOne(service()));
    stub.reset();
    stub.setDefault(CHAT, () => serverError(503));
    const reason = unscored(await judgeOne(service()));
    expect(reason).toMatch(/^judge: HTTP 503/);
    expect(stub.requestsTo(CHAT)).toHaveLength(3);
  });

  it("does not retry a 401 and says so", async () => {
    stub.enqueue(CHAT, json({ error: { message: "Incorrect API key provided" } }, 401));
    expect(unscored(await judgeOne(service()))).toMatch(/^judge: HTTP 401.*Incorrect API key/);
    expect(stub.requestsTo(CHAT)).toHaveLength(1);
  });

  it("times out a hanging endpoint per request and retries", async () => {
    stub.enqueue(CHAT, hang, chatReply(judgeJson()));
    const s = service({ timeoutMs: 200 });
    scored(await judgeOne(s));
    stub.reset();
    stub.setDefault(CHAT, () => hang);
    const reason = unscored(
      await judgeOne(service({ timeoutMs: 150, retry: { ...judgeSettings("").retry, maxRetries: 1 } })),
    );
    expect(reason).toBe("judge: no reply within 150 ms");
    expect(stub.requestsTo(CHAT)).toHaveLength(2);
  });

  it("retries a dropped connection", async () => {
    stub.enqueue(CHAT, drop, chatReply(judgeJson()));
    scored(await judgeOne(service()));
  });

  it("falls back from JSON mode when the endpoint rejects response_format, and remembers", async () => {
    stub.enqueue(
      CHAT,
      json({ error: { message: "response_format is not supported" } }, 400),
      chatReply(judgeJson()),
    );
    stub.enqueue(CHAT, chatReply(judgeJson()));
    const s = service();
    scored(await judgeOne(s));
    await s.score([{ ...input, response: "another response \\boxed{1}" }], ["judge"]);
    const bodies = stub.requestsTo(CHAT).map((r) => r.body as Record<string, unknown>);
    expect(bodies.map((b) => "response_format" in b)).toEqual([true, false, false]);
  });

  it("never sends response_format when jsonMode is off", async () => {
    stub.enqueue(CHAT, chatReply("```json\n" + judgeJson() + "\n```"));
    scored(await judgeOne(service({ jsonMode: "off" })));
    expect(stub.requestsTo(CHAT)[0].body).not.toHaveProperty("response_format");
  });

  it("cancels an in-flight request when the caller aborts", async () => {
    stub.setDefault(CHAT, () => hang);
    const controller = new AbortController();
    const pending = judgeOne(service({ timeoutMs: 30_000 }), controller.signal);
    await stub.waitForRequests(1);
    controller.abort(new Error("user pressed stop"));
    expect(unscored(await pending)).toBe("judge: cancelled: user pressed stop");
  });

  it("sends the key from the named environment variable and never reveals it", async () => {
    const secret = "sk-test-SECRET-0123456789";
    stub.enqueue(CHAT, json({ error: { message: `bad key ${secret}` } }, 403));
    const reason = unscored(
      await judgeOne(service({ apiKeyEnv: "PNS_JUDGE_API_KEY" }, { PNS_JUDGE_API_KEY: secret })),
    );
    expect(stub.requestsTo(CHAT)[0].headers.authorization).toBe(`Bearer ${secret}`);
    expect(reason).not.toContain(secret);
    expect(reason).toContain("<redacted>");
  });

  it("reports a missing key variable as the unscored reason, without calling the endpoint", async () => {
    const reason = unscored(await judgeOne(service({ apiKeyEnv: "PNS_JUDGE_API_KEY" })));
    expect(reason).toBe(
      "judge: the API key variable PNS_JUDGE_API_KEY named in the judge settings is not set",
    );
    expect(stub.requests).toHaveLength(0);
  });

  it("does not send an over-long response to the judge", async () => {
    const s = service({ maxResponseChars: 10 });
    expect(unscored(await judgeOne(s))).toMatch(/over the judge's limit of 10/);
    expect(stub.requests).toHaveLength(0);
  });

  it("keeps each item's failure to itself in a batch", async () => {
    stub.setDefault(CHAT, (request) => {
      const body = request.body as { messages: Array<{ content: string }> };
      return body.messages[1].content.includes("BROKEN") ? serverError(400) : chatReply(judgeJson());
    });
    const results = await service().score(
      [input, { ...input, response: "BROKEN" }, { ...input, response: "fine \\boxed{3}" }],
      ["judge"],
    );
    expect(results.map((r) => isUnscored(r.judge!))).toEqual([false, true, false]);
  });
});
