import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseTemplate, type PromptTemplate, renderPlainPrompt } from "../../server/src/core/interop/index";
import { parseConfigText } from "../../server/src/io/loadConfig";
import { rmChatInput, rmPlainInput } from "../../server/src/scoring/rewardModel/inputForm";
import { ScoringService } from "../../server/src/scoring/service";
import { scoringSettingsFrom } from "../../server/src/scoring/settings";
import { classifyReply, OpenAiStub } from "../support/openaiStub";
import { rmSettings } from "./settings";

const INSTRUCTION = "Please reason step by step, and put your final answer within \\boxed{}.";
const template = (text: string) => parseTemplate(text) as PromptTemplate;

describe("reward-model input forms", () => {
  const plain = rmSettings("http://127.0.0.1:1", { inputFormat: "plain" });

  it("plain: the export's prompt, a separator, the response: never glued", () => {
    expect(rmPlainInput({ problem: "Reduce 6/8 to lowest terms.", response: "Each batch…" }, plain)).toBe(
      `Reduce 6/8 to lowest terms.\n\n${INSTRUCTION}\nEach batch…`,
    );
    const bare = { ...plain, promptTemplate: template("{problem}"), systemPrompt: "S", separator: "\n\n" };
    expect(rmPlainInput({ problem: "Q.", response: "A" }, bare)).toBe("S\n\nQ.\n\nA");
  });

  it("a prompt that already has the form (the trainer's GRPO prompt) is not wrapped again", () => {
    const style = { template: plain.promptTemplate, systemPrompt: "" };
    const grpoPrompt = renderPlainPrompt("What is 2+2?", style);
    expect(rmPlainInput({ problem: grpoPrompt, response: "4" }, plain)).toBe(
      `What is 2+2?\n\n${INSTRUCTION}\n4`,
    );
    const withSystem = { ...plain, systemPrompt: "Be careful." };
    const exported = renderPlainPrompt("What is 2+2?", { ...style, systemPrompt: "Be careful." });
    expect(rmPlainInput({ problem: exported, response: "4" }, withSystem)).toBe(exported + "4");
    // A bare statement gets the system prompt and the template.
    expect(rmPlainInput({ problem: "What is 2+2?", response: "4" }, withSystem)).toBe(exported + "4");
  });

  it("chat: system, user (rendered once), assistant", () => {
    const chat = { ...plain, inputFormat: "chat" as const, systemPrompt: "S" };
    const expected = [
      { role: "system", content: "S" },
      { role: "user", content: `Q\n\n${INSTRUCTION}` },
      { role: "assistant", content: "A" },
    ];
    expect(rmChatInput({ problem: "Q", response: "A" }, chat)).toEqual(expected);
    expect(rmChatInput({ problem: `Q\n\n${INSTRUCTION}`, response: "A" }, chat)).toEqual(expected);
  });
});

describe("the model folder's pns_reward_input.json", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pns-rm-input-"));
  const settingsWith = (rewardModel: object) => {
    const loaded = parseConfigText(
      JSON.stringify({ rewardModel: { baseUrl: "http://127.0.0.1:8001", model: "rm", ...rewardModel } }),
      path.join(dir, "pns.config.json"),
    );
    expect(loaded.issues).toEqual([]);
    const warnings: string[] = [];
    const { rewardModel: rm } = scoringSettingsFrom(loaded.settings, {
      configDir: dir,
      warn: (m) => warnings.push(m),
    });
    return { rm: rm!, warnings };
  };

  it("sets the format, template, system prompt and separator (relative to the config file), over the config", () => {
    mkdirSync(path.join(dir, "chat-model"));
    writeFileSync(
      path.join(dir, "chat-model", "pns_reward_input.json"),
      JSON.stringify({
        format: "chat",
        prompt_template: "Solve: {problem}",
        system_prompt: "Sys",
        separator: "\n",
      }),
    );
    const { rm, warnings } = settingsWith({ modelDir: "chat-model", inputFormat: "plain" });
    expect(rm).toMatchObject({ inputFormat: "chat", systemPrompt: "Sys", separator: "\n" });
    expect(rm.promptTemplate.text).toBe("Solve: {problem}");
    expect(rm.inputSource).toBe(path.join(dir, "chat-model", "pns_reward_input.json"));
    expect(warnings).toEqual([expect.stringContaining("says the model was trained on chat: using chat")]);
  });

  it("a folder without the record: a clear warning, and plain text", () => {
    mkdirSync(path.join(dir, "old-model"));
    const { rm, warnings } = settingsWith({ modelDir: "old-model", inputFormat: "chat" });
    expect(rm.inputFormat).toBe("plain");
    expect(warnings[0]).toMatch(/old-model has no pns_reward_input\.json .*querying it with plain text/);
  });

  it("a bad record is named with what is wrong", () => {
    mkdirSync(path.join(dir, "bad-model"));
    writeFileSync(
      path.join(dir, "bad-model", "pns_reward_input.json"),
      JSON.stringify({ format: "xml", prompt_template: "no" }),
    );
    const { rm, warnings } = settingsWith({ modelDir: "bad-model" });
    expect(rm.inputFormat).toBe("plain");
    expect(warnings[0]).toContain(
      '"format" must be "plain" or "chat"; "prompt_template" must be a string with {problem}',
    );
  });

  it("without modelDir the default is plain, with the export's default prompt", () => {
    const { rm, warnings } = settingsWith({});
    expect(rm).toMatchObject({ inputFormat: "plain", inputSource: "default", systemPrompt: "" });
    expect(rm.promptTemplate.text).toBe(`{problem}\n\n${INSTRUCTION}`);
    expect(warnings).toEqual([]);
  });
});

describe("reward-model requests in each form", () => {
  let stub: OpenAiStub;
  beforeAll(async () => (stub = await OpenAiStub.start()));
  afterAll(async () => stub.close());
  beforeEach(() => stub.reset());
  const inputs = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ problem: `P${i}`, response: `R${i}` }));

  it("plain mode batches items into one request of `input` strings", async () => {
    stub.setDefault("/classify", (r) => classifyReply((r.body as { input: string[] }).input.map(() => 0.5)));
    const s = new ScoringService({
      rewardModel: rmSettings(stub.url, { inputFormat: "plain", batchSize: 64 }),
    });
    await s.score(inputs(5), ["rm"]);
    const requests = stub.requestsTo("/classify");
    expect(requests).toHaveLength(1);
    expect((requests[0].body as { input: string[] }).input[3]).toBe(`P3\n\n${INSTRUCTION}\nR3`);
  });

  it("chat mode cannot batch (vLLM's chat form takes one conversation): one request of messages per item", async () => {
    stub.setDefault("/classify", () => classifyReply([0.1]));
    const s = new ScoringService({ rewardModel: rmSettings(stub.url, { inputFormat: "chat" }) });
    await s.score(inputs(6), ["rm"]);
    const requests = stub.requestsTo("/classify");
    expect(requests).toHaveLength(6);
    expect(requests.map((r) => (r.body as { messages: unknown[] }).messages.length)).toEqual([
      2, 2, 2, 2, 2, 2,
    ]);
  });
});

describe("config validation", () => {
  it("rejects a rewardModel.promptTemplate without {problem}, at its line", () => {
    const loaded = parseConfigText(
      '{\n  "rewardModel": {"baseUrl": "http://h:1", "model": "m", "promptTemplate": "Solve it"}\n}',
      "pns.config.json",
    );
    expect(loaded.issues.map((i) => `${i.line} ${i.jsonPath} ${i.message}`)).toContain(
      "2 rewardModel.promptTemplate the template has no {problem} placeholder",
    );
  });
});
