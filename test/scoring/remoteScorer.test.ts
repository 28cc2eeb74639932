import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRemoteScorer, toComponentScore } from "../../server/src/scoring/remoteScorer";
import { ScoringService } from "../../server/src/scoring/service";
import { OpenAiStub, chatReply, classifyReply, judgeJson, serverError } from "../support/openaiStub";
import { judgeSettings, rmSettings } from "./settings";

let stub: OpenAiStub;
beforeAll(async () => (stub = await OpenAiStub.start()));
afterAll(async () => stub.close());

const request = (i: number) => ({
  problemId: `p${i}`,
  sampleIndex: i,
  problem: "What is 2+2?",
  gold: "4",
  response: `2+2 = ${i}, so \\boxed{${i}}`,
});

describe("the scoring service as the reward engine's RemoteScorer", () => {
  it("returns per request a ComponentScore per configured component, in order, with progress", async () => {
    stub.reset();
    stub.setDefault("/classify", (r) => {
      const text = (r.body as { messages: Array<{ content: string }> }).messages[1].content;
      return text.includes("boxed{3}") ? serverError(400) : classifyReply([0]);
    });
    stub.setDefault("/v1/chat/completions", () => chatReply(judgeJson({ relevance: 10 }, "Fine.")));
    const service = new ScoringService({
      rewardModel: rmSettings(stub.url, { inputFormat: "chat" }),
      judge: judgeSettings(stub.baseUrl),
    });
    const scorer = createRemoteScorer(service, 2);
    expect(scorer.components).toEqual(["rewardModel", "judge"]);
    const progress: string[] = [];
    const results = await scorer.score([0, 1, 2, 3, 4].map(request), {
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(progress).toEqual(["2/5", "4/5", "5/5"]);
    expect(results).toHaveLength(5);
    const rm = results.map((m) => m.get("rewardModel")!);
    expect(rm.map((s) => s.value)).toEqual([0.5, 0.5, 0.5, null, 0.5]);
    expect(rm[3].reason).toMatch(/^reward model: HTTP 400/);
    expect(rm[0].provenance).toMatchObject({
      model: "stub-rm",
      cached: false,
      raw: 0,
      promptVersion: "rm:classify/chat",
    });
    const judge = results[0].get("judge")!;
    expect(judge.value).toBeCloseTo((9 / 9 + (3 * 6) / 9) / 4, 12);
    expect(judge.reason).toContain("relevance 10, coherence 7");
    expect(judge.reason).toContain("Fine.");
    expect(judge.provenance!.promptVersion).toMatch(/^judge-v1#/);
  });

  it("maps an unscored result to value null with the reason", () => {
    expect(toComponentScore("judge", { unscored: "judge: cancelled" })).toEqual({
      name: "judge",
      value: null,
      weight: 0,
      reason: "judge: cancelled",
    });
  });
});
