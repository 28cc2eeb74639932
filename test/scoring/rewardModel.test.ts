import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ScoringService } from "../../server/src/scoring/service";
import { applyTransform, describeTransform } from "../../server/src/scoring/rewardModel/transform";
import { readScores } from "../../server/src/scoring/rewardModel/parse";
import { endpointUrl } from "../../server/src/scoring/rewardModel/client";
import type { RemoteScored, RemoteUnscored } from "../../server/src/scoring/types";
import {
  OpenAiStub,
  classifyReply,
  hang,
  json,
  poolingReply,
  rateLimited,
  serverError,
  text,
} from "../support/openaiStub";
import { rmSettings } from "./settings";

let stub: OpenAiStub;
beforeAll(async () => (stub = await OpenAiStub.start()));
afterAll(async () => stub.close());
beforeEach(() => stub.reset());

const inputs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ problem: `Problem ${i}`, response: `Response ${i}` }));

/** Answers /classify with raw score = the number in each input text ("Response 7" -> 0.7). */
function echoScores(request: { body: unknown }) {
  const body = request.body as { input: string[] };
  return classifyReply(body.input.map((s) => Number(/Response (\d+)/.exec(s)![1]) / 10));
}

describe("reward-model transform", () => {
  it("maps centred scores through a sigmoid with scale and shift", () => {
    const t = { type: "sigmoid", scale: 1, shift: 0 } as const;
    expect(applyTransform(0, t)).toBe(0.5);
    expect(applyTransform(3.34, t)).toBeCloseTo(0.9658, 4);
    expect(applyTransform(-3.13, t)).toBeCloseTo(0.0419, 4);
    expect(applyTransform(2, { type: "sigmoid", scale: 2, shift: 1 })).toBeCloseTo(
      1 / (1 + Math.exp(-2)),
      12,
    );
    expect(applyTransform(-1000, t)).toBe(0);
    expect(describeTransform(t)).toBe("sigmoid(scale=1,shift=0)");
  });

  it("maps a known range by min-max and clamps", () => {
    const t = { type: "minmax", scale: 10, shift: -5 } as const;
    expect(applyTransform(0, t)).toBe(0.5);
    expect(applyTransform(7, t)).toBe(1);
    expect(applyTransform(-9, t)).toBe(0);
    expect(() => applyTransform(0, { type: "minmax", scale: 0, shift: 1 })).toThrow(/scale > 0/);
  });
});

describe("vLLM reply shapes", () => {
  it("reads /classify `probs` (older vLLM) and `logits` (newer) at the label index, in index order", () => {
    const reply = {
      data: [
        { index: 1, probs: [0.1, 0.9] },
        { index: 0, logits: [-2, 2] },
      ],
    };
    expect(readScores(reply, "classify", 2, 1)).toEqual([2, 0.9]);
  });

  it("reads /pooling per-token rows and flat per-token lists: the last token wins", () => {
    const reply = {
      data: [
        { index: 0, data: [[0.1], [0.2], [1.5]] },
        { index: 1, data: [0.3, -0.7] },
      ],
    };
    expect(readScores(reply, "pooling", 2, 0)).toEqual([1.5, -0.7]);
  });

  it.each([
    [{}, 1, /no "data" array/],
    [{ data: [] }, 1, /0 results for 1 inputs/],
    [{ data: [{ index: 0, probs: [null] }] }, 1, /not a finite number/],
    [{ data: [{ index: 0, label: "x" }] }, 1, /neither "logits" nor "probs"/],
    [
      {
        data: [
          { index: 0, probs: [1] },
          { index: 0, probs: [2] },
        ],
      },
      2,
      /repeated index/,
    ],
    [{ data: [{ index: 0, probs: [1] }] }, 1, /labelIndex 3 is out of range/, 3],
  ])("rejects a broken /classify reply %#", (reply, count, message, labelIndex = 0) => {
    expect(() => readScores(reply, "classify", count, labelIndex)).toThrow(message);
  });

  it("rejects base64 pooling data", () => {
    expect(() => readScores({ data: [{ index: 0, data: "AAAA" }] }, "pooling", 1, 0)).toThrow(
      /encoding_format/,
    );
  });

  it("puts /classify and /pooling at the server root even when the base URL ends in /v1", () => {
    expect(endpointUrl("http://h:8000/v1", "classify")).toBe("http://h:8000/classify");
    expect(endpointUrl("http://h:8000/v1/", "pooling")).toBe("http://h:8000/pooling");
    expect(endpointUrl("http://h:8000/rm", "classify")).toBe("http://h:8000/rm/classify");
  });
});

describe("reward-model client against a vLLM stand-in", () => {
  it("batches text inputs up to batchSize per request and maps raw scores through the transform", async () => {
    stub.setDefault("/classify", echoScores);
    const s = new ScoringService({ rewardModel: rmSettings(stub.url, { batchSize: 4 }) });
    const results = (await s.score(inputs(10), ["rm"])).map((r) => r.rm as RemoteScored);
    const requests = stub.requestsTo("/classify");
    expect(requests.map((r) => (r.body as { input: string[] }).input.length)).toEqual([4, 4, 2]);
    expect(requests[0].body).toMatchObject({ model: "stub-rm", use_activation: false });
    expect((requests[0].body as { input: string[] }).input[0]).toBe("Problem 0\n\nResponse 0");
    results.forEach((result, i) => {
      expect(result.rm!.raw).toBeCloseTo(i / 10, 12);
      expect(result.score).toBeCloseTo(1 / (1 + Math.exp(-i / 10)), 12);
      expect(result.provenance).toMatchObject({
        component: "rm",
        model: "stub-rm",
        endpoint: `${stub.url}/classify`,
      });
    });
  });

  it("sends one chat-formatted request per item in chat mode", async () => {
    stub.setDefault("/classify", () => classifyReply([1.25], "logits"));
    const s = new ScoringService({ rewardModel: rmSettings(stub.url, { inputFormat: "chat" }) });
    const results = await s.score(inputs(3), ["rm"]);
    const requests = stub.requestsTo("/classify");
    expect(requests).toHaveLength(3);
    expect(requests[0].body).toMatchObject({
      messages: [
        {
          role: "user",
          content: "Problem 0\n\nPlease reason step by step, and put your final answer within \\boxed{}.",
        },
        { role: "assistant", content: "Response 0" },
      ],
    });
    expect((results[2].rm as RemoteScored).rm!.raw).toBe(1.25);
    expect((results[2].rm as RemoteScored).provenance.tokens).toEqual({
      prompt: 50,
      completion: 0,
      total: 50,
    });
  });

  it("uses /pooling for token reward models and takes the last token", async () => {
    stub.enqueue("/pooling", poolingReply([[[0.5], [-0.25], [2]]]));
    const s = new ScoringService({ rewardModel: rmSettings(stub.baseUrl, { api: "pooling" }) });
    const [result] = await s.score(inputs(1), ["rm"]);
    expect((result.rm as RemoteScored).rm!.raw).toBe(2);
    expect(stub.requestsTo("/pooling")[0].body).toMatchObject({ encoding_format: "float" });
  });

  it("retries 429 and 500 and scores; a failing batch leaves only its own items unscored", async () => {
    stub.enqueue("/classify", rateLimited("0.05"), serverError());
    stub.setDefault("/classify", (request) => {
      const body = request.body as { input: string[] };
      return body.input.some((s) => s.includes("Response 2"))
        ? text("upstream exploded", 400)
        : echoScores(request);
    });
    const s = new ScoringService({ rewardModel: rmSettings(stub.url, { batchSize: 2, concurrency: 1 }) });
    const results = await s.score(inputs(4), ["rm"]);
    expect(results.map((r) => ("unscored" in r.rm! ? "unscored" : "scored"))).toEqual([
      "scored",
      "scored",
      "unscored",
      "unscored",
    ]);
    expect((results[2].rm as RemoteUnscored).unscored).toBe("reward model: HTTP 400: upstream exploded");
    expect(s.usage().rm.retries).toBe(2);
  });

  it("prefers retry-after-ms to Retry-After", async () => {
    stub.enqueue(
      "/classify",
      json({ error: { message: "slow down" } }, 429, { "retry-after-ms": "50", "retry-after": "30" }),
    );
    stub.enqueue("/classify", classifyReply([1]));
    const s = new ScoringService({ rewardModel: rmSettings(stub.url) });
    const started = performance.now();
    const [result] = await s.score(inputs(1), ["rm"]);
    expect((result.rm as RemoteScored).rm!.raw).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("reports a malformed reply and a timeout as unscored reasons", async () => {
    stub.enqueue("/classify", json({ data: [{ index: 0, probs: ["high"] }] }));
    const s = new ScoringService({ rewardModel: rmSettings(stub.url) });
    const [bad] = await s.score(inputs(1), ["rm"]);
    expect((bad.rm as RemoteUnscored).unscored).toBe(
      "reward model: /classify result 0 is not a finite number (NaN)",
    );

    stub.setDefault("/classify", () => hang);
    const slow = new ScoringService({
      rewardModel: rmSettings(stub.url, {
        timeoutMs: 100,
        retry: { ...rmSettings("").retry, maxRetries: 0 },
      }),
    });
    const [late] = await slow.score(inputs(1), ["rm"]);
    expect((late.rm as RemoteUnscored).unscored).toBe("reward model: no reply within 100 ms");
  });

  it("reports a non-JSON 200 body as unscored", async () => {
    stub.enqueue("/classify", text("<html>gateway</html>"));
    const s = new ScoringService({ rewardModel: rmSettings(stub.url) });
    const [result] = await s.score(inputs(1), ["rm"]);
    expect((result.rm as RemoteUnscored).unscored).toBe(
      "reward model: reply is not JSON: <html>gateway</html>",
    );
  });

  it("reports an unreachable endpoint as unscored", async () => {
    const closed = await OpenAiStub.start();
    await closed.close();
    const s = new ScoringService({
      rewardModel: rmSettings(closed.url, { retry: { ...rmSettings("").retry, maxRetries: 0 } }),
    });
    const [result] = await s.score(inputs(1), ["rm"]);
    expect((result.rm as RemoteUnscored).unscored).toBe(
      `reward model: cannot reach ${closed.url}: ECONNREFUSED`,
    );
  });

  it("scores each distinct input once even when a batch repeats it", async () => {
    stub.setDefault("/classify", echoScores);
    const s = new ScoringService({ rewardModel: rmSettings(stub.url) });
    const same = { problem: "P", response: "Response 3" };
    const results = await s.score([same, same, same], ["rm"]);
    expect((stub.requestsTo("/classify")[0].body as { input: string[] }).input).toHaveLength(1);
    expect(results.map((r) => (r.rm as RemoteScored).rm!.raw)).toEqual([0.3, 0.3, 0.3]);
  });
});
