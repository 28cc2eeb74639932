import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSettings } from "../../server/src/core/config/index";
import { scoreResponse } from "../../server/src/core/reward/index";
import { type RunningRewardServer, startRewardServer } from "../../server/src/cli/rewardServer/server";
import { ScoringService } from "../../server/src/scoring/service";
import { OpenAiStub, chatReply, classifyReply, hang, judgeJson, serverError } from "../support/openaiStub";
import { judgeSettings, rmSettings } from "./settings";

const TOKEN = "test-token-0123456789abcdef";
const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

const problem =
  "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?";
const wrong =
  "In May she sold 48 / 2 = 24 clips.\nAltogether she sold 48 + 24 = 70 clips.\nThe answer is \\boxed{70}.";
const right =
  "In May she sold 48 / 2 = 24 clips.\nAltogether she sold 48 + 24 = 72 clips.\nThe answer is \\boxed{72}.";
const noBox = "In May she sold 24 clips. Altogether she sold 72 clips and that is the total of both months";

interface Result {
  reward: number | null;
  components: Record<string, number | null>;
  reasons: string[];
  used: string[];
  unscored?: Record<string, string>;
}

interface ServerReply {
  results: Array<Result | null>;
  stats?: { remote_calls: number; remote_wait_s: number };
  unscorable?: Array<{ index: number; reason: string }>;
  meta?: { items: number; elapsedMs: number; remote: string[] };
  error: { code: string; message: string; line?: number; column?: number; limit?: number; items?: number };
}

async function post(server: RunningRewardServer, body: unknown, headers: Record<string, string> = auth) {
  const response = await fetch(`${server.url}/v1/reward`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as ServerReply,
  };
}

function start(options: Partial<Parameters<typeof startRewardServer>[0]> = {}) {
  return startRewardServer({
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    settings: defaultSettings(),
    service: new ScoringService({}),
    ...options,
  });
}

describe("reward server (local components only)", () => {
  let server: RunningRewardServer;
  beforeAll(async () => (server = await start()));
  afterAll(async () => server.close());

  it("requires the bearer token", async () => {
    const missing = await post(server, { items: [] }, { "content-type": "application/json" });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    expect(missing.json.error.code).toBe("unauthorized");
    const wrongToken = await post(server, { items: [] }, { authorization: "Bearer nope" });
    expect(wrongToken.status).toBe(401);
    const basic = await post(server, { items: [] }, { authorization: `Basic ${TOKEN}` });
    expect(basic.status).toBe(401);
  });

  it("answers /health without a token", async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", remote: [] });
  });

  it("scores a batch: wrong answers pay by plausibility, correct ones get nothing, malformed ones the penalty", async () => {
    const { status, json } = await post(server, {
      items: [
        { prompt: problem, completion: wrong, answer: "72" },
        { prompt: problem, completion: right, answer: "72" },
        { prompt: problem, completion: noBox, answer: "72" },
        { prompt: problem, completion: wrong },
      ],
    });
    expect(status).toBe(200);
    const [plausible, correct, malformed, noGold] = json.results;
    expect(plausible!.components).toMatchObject({ accuracy: 1 });
    expect(plausible!.reward).toBeGreaterThan(0);
    expect(plausible!.used).toContain("accuracy");
    expect(plausible!.used).toContain("format");
    expect(plausible!.reasons.join("\n")).toMatch(/accuracy: /);
    expect(correct!.reward).toBe(0);
    expect(correct!.components.accuracy).toBe(0);
    expect(malformed!.reward).toBe(-1);
    expect(noGold).toBeNull();
    expect(json.unscorable).toEqual([{ index: 3, reason: expect.stringContaining('has no "answer"') }]);
    expect(json.meta).toMatchObject({ items: 4, remote: [] });
  });

  it("pays exactly the reward the editor computes (the reward engine's composite)", async () => {
    const completions = [wrong, right, noBox, wrong.replace("48 + 24 = 70", "48 + 24 = 71"), "\\boxed{}"];
    const { json } = await post(
      server,
      completions.map((completion) => ({ prompt: problem, completion, answer: "72" })),
    );
    completions.forEach((completion, i) => {
      const expected = scoreResponse("72", completion, defaultSettings()).composite;
      expect(json.results[i]!.reward).toBe(expected.composite);
    });
  });

  it("flags the false arithmetic claim in the chain of thought", async () => {
    const slip =
      "In May she sold 48 / 2 = 25 clips.\nAltogether she sold 48 + 25 = 73 clips.\nThe answer is \\boxed{73}.";
    const { json } = await post(server, [{ prompt: problem, completion: slip, answer: "72" }]);
    const [result] = json.results as Result[];
    expect(result.components.cot).toBeLessThan(1);
    expect(result.reasons.join("\n")).toContain("48 / 2 = 25");
  });

  it("accepts a bare array and TRL's conversational format", async () => {
    const { status, json } = await post(server, [
      {
        prompt: [{ role: "user", content: problem }],
        completion: [{ role: "assistant", content: wrong }],
        answer: 72,
        extra_column: "ignored",
      },
    ]);
    expect(status).toBe(200);
    expect((json.results as Result[])[0].components.accuracy).toBe(1);
  });

  it("computes only the requested components", async () => {
    const { json } = await post(server, {
      items: [{ prompt: problem, completion: wrong, answer: "72" }],
      components: ["accuracy"],
    });
    const [result] = json.results as Result[];
    expect(Object.keys(result.components)).toEqual(["accuracy"]);
    const bad = await post(server, { items: [], components: ["vibes"] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('unknown component "vibes"');
  });

  it("answers hostile items in bounded time without losing the others", async () => {
    const hostile = [
      { prompt: problem, completion: `${"Step. ".repeat(170_000)}\\boxed{5}`, answer: "72" },
      { prompt: problem, completion: "So the answer is \\boxed{10^{10^{10}}}.", answer: "10^{10^{10}}" },
      {
        prompt: problem,
        completion: `${"\\frac{".repeat(1000)}1${"}".repeat(1000)} = \\boxed{1}`,
        answer: "1",
      },
      { prompt: problem, completion: "\\def\\x{\\x\\x} \\x so \\boxed{\\x}", answer: "2" },
      { prompt: problem, completion: "unbalanced {{{ $ \\boxed{3", answer: "NaN" },
      { prompt: problem, completion: wrong, answer: "Infinity" },
      { prompt: problem, completion: wrong, answer: "72" },
    ];
    const started = performance.now();
    const { status, json } = await post(server, hostile);
    expect(status).toBe(200);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(json.results).toHaveLength(hostile.length);
    // The 1 MB completion is over the per-item limit (limits.ts): null with the reason, not scored
    // for seconds on the event loop; every other item is scored.
    expect(json.unscorable).toEqual([
      { index: 0, reason: expect.stringContaining("per-item limit is 131072") },
    ]);
    expect(json.results[0]).toBeNull();
    for (const result of json.results.slice(1)) {
      expect(result).not.toBeNull();
      expect(result!.reward === null || Number.isFinite(result!.reward)).toBe(true);
    }
    expect(json.results[6]!.components.accuracy).toBe(1);
  });

  it("scores a long item under the per-item limit", async () => {
    const long = { prompt: problem, completion: `${"Step. ".repeat(20_000)}\\boxed{5}`, answer: "72" };
    const { json } = await post(server, [long]);
    expect(json.unscorable ?? []).toEqual([]);
    expect(json.results[0]).not.toBeNull();
  });

  it("answers malformed JSON with 400 and the position of the error", async () => {
    const { status, json } = await post(server, '{"items": [\n  {"prompt": "p", "completion": "c",}\n]}');
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: "invalid-json", line: 2, column: 37 });
    expect(json.error.message).toContain("line 2, column 37");
    const truncated = await post(server, '{"items": [');
    expect(truncated.json.error.message).toContain("unexpected end of input");
    const wrongShape = await post(server, '{"items": 3}');
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.json.error.message).toBe('"items" must be an array');
  });

  it("answers 100,000 items with 413 and a clear error", async () => {
    const items = Array.from({ length: 100_000 }, (_, i) => ({
      prompt: "p",
      completion: `\\boxed{${i}}`,
      answer: "1",
    }));
    const { status, json } = await post(server, { items });
    expect(status).toBe(413);
    expect(json.error).toMatchObject({ code: "too-many-items", limit: 10_000, items: 100_000 });
  });

  it("answers 404 and 405 on wrong routes and methods", async () => {
    expect((await fetch(`${server.url}/v1/rewards`, { method: "POST", headers: auth })).status).toBe(404);
    expect((await fetch(`${server.url}/v1/reward`, { headers: auth })).status).toBe(405);
  });

  it("handles concurrent requests, each result in its own order", async () => {
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 100 }, (_, i) => ({
        prompt: problem,
        completion: (b + i) % 3 === 0 ? right : wrong,
        answer: "72",
      })),
    );
    const responses = await Promise.all(batches.map((items) => post(server, { items })));
    responses.forEach(({ status, json }, b) => {
      expect(status).toBe(200);
      (json.results as Result[]).forEach((result, i) => {
        expect(result.components.accuracy).toBe((b + i) % 3 === 0 ? 0 : 1);
      });
    });
  });

  it("keeps /health responsive while a large batch is scored", async () => {
    const items = Array.from({ length: 6_000 }, (_, i) => ({
      prompt: problem,
      completion: wrong.replace("70", String(70 + i)),
      answer: "72",
    }));
    let batchDone = 0;
    const batch = post(server, { items }).then((r) => {
      batchDone = performance.now();
      return r;
    });
    // Wait until the server is busy with the batch, then ask for /health.
    await expect
      .poll(
        async () => ((await (await fetch(`${server.url}/health`)).json()) as { inFlight: number }).inFlight,
        { timeout: 10_000, interval: 5 },
      )
      .toBe(1);
    const healthAt = await fetch(`${server.url}/health`).then(() => performance.now());
    const { status, json } = await batch;
    expect(status).toBe(200);
    expect(json.results).toHaveLength(6_000);
    expect(healthAt).toBeLessThan(batchDone);
  });
});

describe("reward server limits and shutdown", () => {
  it("refuses a body over the size cap with 413", async () => {
    const server = await start({ maxBodyBytes: 1024 });
    try {
      const { status, json } = await post(server, {
        items: [{ prompt: "x".repeat(5000), completion: "y", answer: "1" }],
      });
      expect(status).toBe(413);
      expect(json.error.code).toBe("body-too-large");
    } finally {
      await server.close();
    }
  });

  it("finishes a request in flight before closing, then refuses connections", async () => {
    const server = await start();
    const items = Array.from({ length: 3_000 }, () => ({ prompt: problem, completion: wrong, answer: "72" }));
    const pending = post(server, { items });
    await expect
      .poll(
        async () => ((await (await fetch(`${server.url}/health`)).json()) as { inFlight: number }).inFlight,
        { timeout: 10_000, interval: 5 },
      )
      .toBe(1);
    await server.close(30_000);
    const { status, json } = await pending;
    expect(status).toBe(200);
    expect(json.results).toHaveLength(3_000);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});

describe("reward server with a reward model", () => {
  let stub: OpenAiStub;
  beforeAll(async () => (stub = await OpenAiStub.start()));
  afterAll(async () => stub.close());

  it("adds the reward-model score to wrong answers and reports remote failures per item", async () => {
    stub.reset();
    stub.setDefault("/classify", (request) => {
      const body = request.body as { messages: Array<{ content: string }> };
      return body.messages[1].content.includes("FAIL") ? serverError(400) : classifyReply([3.34]);
    });
    const service = new ScoringService({ rewardModel: rmSettings(stub.url, { inputFormat: "chat" }) });
    // The project config that the service above was built from: the composite reads it too.
    const settings = {
      ...defaultSettings(),
      rewardModel: {
        baseUrl: stub.url,
        model: "stub-rm",
        kind: "classify" as const,
        transform: { type: "sigmoid" as const, scale: 1, shift: 0 },
      },
    };
    for (const policy of ["null", "partial"] as const) {
      const server = await start({ service, settings, onRemoteFailure: policy });
      try {
        const { json } = await post(server, {
          items: [
            { prompt: problem, completion: wrong, answer: "72" },
            { prompt: problem, completion: wrong.replace("clips.\nThe", "clips FAIL.\nThe"), answer: "72" },
            { prompt: problem, completion: right, answer: "72" },
          ],
        });
        const [scored, failed, correct] = json.results as Result[];
        expect(scored.components.rm).toBeCloseTo(0.9658, 4);
        expect(scored.used).toContain("rm");
        expect(failed.components.rm).toBeNull();
        expect(failed.unscored!.rm).toMatch(/^reward model: HTTP 400/);
        if (policy === "null") expect(failed.reward).toBeNull();
        else expect(failed.used).not.toContain("rm");
        if (policy === "partial") expect(failed.reward).toBeGreaterThan(0);
        // A correct answer earns nothing whatever the reward model says.
        expect(correct.reward).toBe(0);
      } finally {
        await server.close();
      }
    }
  });

  it("cancels remote calls that outlast the request's budget and still answers", async () => {
    stub.reset();
    stub.setDefault("/v1/chat/completions", () => hang);
    const service = new ScoringService({ judge: judgeSettings(stub.baseUrl, { timeoutMs: 60_000 }) });
    const settings = {
      ...defaultSettings(),
      judge: { baseUrl: stub.baseUrl, model: "stub-judge", temperature: 0, maxTokens: 300 },
    };
    const server = await start({ service, settings, remoteBudgetMs: 300 });
    try {
      const started = performance.now();
      const { status, json } = await post(server, [{ prompt: problem, completion: wrong, answer: "72" }]);
      expect(status).toBe(200);
      expect(performance.now() - started).toBeLessThan(10_000);
      const [result] = json.results;
      expect(result!.reward).toBeNull();
      expect(result!.unscored!.judge).toBe("judge: cancelled: the request's remote budget of 0.3 s ran out");
      expect(result!.components.format).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("calls the reward model and the judge only for wrong, well-formed answers, and reports the cost", async () => {
    stub.reset();
    stub.setDefault("/classify", (r) => classifyReply((r.body as { input: string[] }).input.map(() => 1)));
    stub.setDefault("/v1/chat/completions", () => chatReply(judgeJson()));
    const service = new ScoringService({
      rewardModel: rmSettings(stub.url, { inputFormat: "plain" }),
      judge: judgeSettings(stub.baseUrl),
    });
    const settings = {
      ...defaultSettings(),
      rewardModel: {
        baseUrl: stub.url,
        model: "stub-rm",
        kind: "classify" as const,
        transform: { type: "sigmoid" as const, scale: 1, shift: 0 },
      },
      judge: { baseUrl: stub.baseUrl, model: "stub-judge", temperature: 0, maxTokens: 300 },
    };
    const server = await start({ service, settings });
    try {
      const { json } = await post(server, {
        items: [
          { prompt: problem, completion: right, answer: "72" }, // correct: 0 whatever they say
          { prompt: problem, completion: noBox, answer: "72" }, // malformed: the hard penalty
          { prompt: problem, completion: wrong, answer: "72" }, // wrong, well-formed: uses both
          { prompt: problem, completion: wrong.replace("70", "71"), answer: "72" },
        ],
      });
      const rmInputs = stub.requestsTo("/classify").flatMap((r) => (r.body as { input: string[] }).input);
      expect(rmInputs).toHaveLength(2);
      expect(rmInputs.every((text) => text.includes("\\boxed{70}") || text.includes("\\boxed{71}"))).toBe(
        true,
      );
      expect(stub.requestsTo("/v1/chat/completions")).toHaveLength(2);
      // One batched reward-model request and one judge request per wrong answer.
      expect(json.stats!.remote_calls).toBe(3);
      expect(json.stats!.remote_wait_s).toBeGreaterThan(0);
      const [correct, malformed, plausible] = json.results as Result[];
      expect(correct.reward).toBe(0);
      expect(correct.components.rm).toBeNull();
      expect(correct.reasons).toContain("rm: not called: a correct answer's reward does not use it");
      expect(malformed.reward).toBe(-1);
      expect(malformed.unscored).toBeUndefined();
      expect(plausible.used).toEqual(expect.arrayContaining(["rm", "judge"]));
    } finally {
      await server.close();
    }
  });

  it("reports zero remote cost when nothing remote is configured", async () => {
    const server = await start();
    try {
      const { json } = await post(server, { items: [{ prompt: problem, completion: wrong, answer: "72" }] });
      expect(json.stats).toEqual({ remote_calls: 0, remote_wait_s: 0 });
    } finally {
      await server.close();
    }
  });
});
