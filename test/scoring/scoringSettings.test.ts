import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../server/src/io/loadConfig";
import { scoringSettingsFrom } from "../../server/src/scoring/settings";

function fromConfig(config: unknown) {
  const loaded = parseConfigText(JSON.stringify(config), "pns.config.json");
  expect(loaded.issues).toEqual([]);
  return scoringSettingsFrom(loaded.settings);
}

describe("scoring settings from pns.config.json", () => {
  it("configures nothing when the config has no endpoint sections", () => {
    expect(fromConfig({})).toEqual({});
  });

  it("fills endpoint settings from the sections, the shared limits and the defaults", () => {
    const { judge, rewardModel } = fromConfig({
      judge: { baseUrl: "http://127.0.0.1:8000/v1", model: "judge-model", apiKeyEnv: "JUDGE_KEY" },
      rewardModel: { baseUrl: "http://127.0.0.1:8001", model: "rm-model" },
      concurrency: 5,
      timeoutMs: 1234,
      retries: 2,
    });
    expect(judge).toMatchObject({
      baseUrl: "http://127.0.0.1:8000/v1",
      model: "judge-model",
      apiKeyEnv: "JUDGE_KEY",
      temperature: 0,
      maxTokens: 1024,
      timeoutMs: 1234,
      concurrency: 5,
      jsonMode: "auto",
      maxResponseChars: 32_000,
      pricePer1kInputTokens: 0,
      retry: { maxRetries: 2 },
    });
    expect(rewardModel).toMatchObject({
      api: "classify",
      inputFormat: "plain",
      systemPrompt: "",
      separator: "\n",
      inputSource: "default",
      batchSize: 32,
      labelIndex: 0,
      useActivation: false,
      transform: { type: "sigmoid", scale: 1, shift: 0 },
      concurrency: 5,
    });
    expect(rewardModel).not.toHaveProperty("apiKeyEnv");
  });

  it("reads the optional tuning fields", () => {
    const { judge, rewardModel } = fromConfig({
      judge: {
        baseUrl: "https://api.openai.com/v1",
        model: "gpt-4o-mini",
        jsonMode: "off",
        maxResponseChars: 9000,
        pricePer1kInputTokens: 0.15,
        pricePer1kOutputTokens: 0.6,
        concurrency: 2,
      },
      rewardModel: {
        baseUrl: "http://127.0.0.1:8001",
        model: "rm",
        kind: "pooling",
        inputFormat: "text",
        textTemplate: "Q: {problem}\nA: {response}",
        batchSize: 128,
        labelIndex: 1,
        useActivation: true,
        pricePer1kInputTokens: 0.01,
        concurrency: 16,
        transform: { type: "minmax", scale: 10, shift: -5 },
      },
    });
    expect(judge).toMatchObject({
      jsonMode: "off",
      maxResponseChars: 9000,
      pricePer1kInputTokens: 0.15,
      pricePer1kOutputTokens: 0.6,
      concurrency: 2,
    });
    expect(rewardModel).toMatchObject({
      api: "pooling",
      inputFormat: "text",
      textTemplate: "Q: {problem}\nA: {response}",
      batchSize: 128,
      labelIndex: 1,
      useActivation: true,
      pricePer1kInputTokens: 0.01,
      concurrency: 16,
      transform: { type: "minmax", scale: 10, shift: -5 },
    });
  });

  it("rejects a bad tuning value with its path", () => {
    const loaded = parseConfigText(
      JSON.stringify({ judge: { baseUrl: "http://h/v1", model: "m", jsonMode: "maybe" } }),
      "pns.config.json",
    );
    expect(loaded.issues.map((i) => i.jsonPath)).toContain("judge.jsonMode");
  });
});
