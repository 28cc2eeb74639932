import { describe, expect, it } from "vitest";
import { defaultSettings, formatJsonPath, validateSettings } from "../../../../server/src/core/config/index";

describe("validateSettings", () => {
  it("returns the defaults for an empty object, with no issues", () => {
    const { settings, issues } = validateSettings({});
    expect(issues).toEqual([]);
    expect(settings).toEqual(defaultSettings());
  });

  it("merges values over the defaults, deeply", () => {
    const { settings, issues } = validateSettings({
      weights: { judge: 0.5 },
      formatRules: { length: { max: 100 } },
      rules: { truncated: "warning", repetition: "off" },
    });
    expect(issues).toEqual([]);
    expect(settings.weights).toEqual({ ...defaultSettings().weights, judge: 0.5 });
    expect(settings.formatRules.length.max).toBe(100);
    expect(settings.formatRules.length.min).toBe(defaultSettings().formatRules.length.min);
    expect(settings.rules).toEqual({ truncated: "warning", repetition: "off" });
  });

  it.each([
    [{ weights: { format: "high" } }, ["weights", "format"], "expected a number, got a string"],
    [{ weights: { format: -1 } }, ["weights", "format"], "must be at least 0"],
    [
      { formatRules: { steps: { minSteps: 1.5 } } },
      ["formatRules", "steps", "minSteps"],
      "expected an integer",
    ],
    [
      { formatRules: { truncated: { enabled: "yes" } } },
      ["formatRules", "truncated", "enabled"],
      "expected true or false",
    ],
    [{ rules: { truncated: "loud" } }, ["rules", "truncated"], "expected one of 'error'"],
    [{ concurrency: 0 }, ["concurrency"], "must be at least 1"],
    [{ weights: [] }, ["weights"], "expected an object, got an array"],
    [{ formatRules: { length: { min: 50, max: 10 } } }, ["formatRules", "length", "min"], "greater than max"],
    [{ weights: { format: 0, rewardModel: 0, judge: 0, localCot: 0 } }, ["weights"], "at least one weight"],
    [{ judge: { model: "m" } }, ["judge"], "missing required key 'baseUrl'"],
    [{ judge: { baseUrl: "ftp://x", model: "m" } }, ["judge", "baseUrl"], "not an http(s) URL"],
    [{ judge: { baseUrl: "http://u:p@h/v1", model: "m" } }, ["judge", "baseUrl"], "credentials in the URL"],
    [
      { rewardModel: { baseUrl: "http://h", model: "m", kind: "reward" } },
      ["rewardModel", "kind"],
      "'classify', 'pooling'",
    ],
  ])("%j → error at %j", (raw, path, message) => {
    const { issues } = validateSettings(raw);
    const errors = issues.filter((i) => i.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toEqual(path);
    expect(errors[0].message).toContain(message);
  });

  it("keeps the default for an invalid value", () => {
    expect(validateSettings({ weights: { format: "x" } }).settings.weights.format).toBe(
      defaultSettings().weights.format,
    );
  });

  it.each(["sk-proj-abcdefghijklmnop1234567890", "hf_AbCdEfGhIjKlMnOpQrStUv", "AbCdEf1234567890GhIjKlMn12"])(
    "rejects an API key %s written as apiKeyEnv and drops the section",
    (key) => {
      const { issues, settings } = validateSettings({
        judge: { baseUrl: "http://h/v1", model: "m", apiKeyEnv: key },
      });
      expect(issues[0].path).toEqual(["judge", "apiKeyEnv"]);
      expect(issues[0].message).toContain("looks like an API key");
      expect(settings.judge).toBeUndefined();
    },
  );

  it("accepts an environment variable name", () => {
    const { issues, settings } = validateSettings({
      judge: { baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", apiKeyEnv: "OPENAI_API_KEY" },
    });
    expect(issues).toEqual([]);
    expect(settings.judge).toEqual({
      baseUrl: "https://api.openai.com/v1",
      model: "gpt-4o-mini",
      apiKeyEnv: "OPENAI_API_KEY",
      temperature: 0,
      maxTokens: 1024,
    });
  });

  it("fills reward-model defaults", () => {
    const { settings } = validateSettings({ rewardModel: { baseUrl: "http://localhost:8001", model: "rm" } });
    expect(settings.rewardModel).toMatchObject({
      kind: "classify",
      transform: { type: "sigmoid", scale: 1, shift: 0 },
    });
  });

  it("warns on unknown keys and suggests the closest known one", () => {
    const { issues } = validateSettings({ wieghts: {}, rules: { truncate: "off" } });
    expect(issues).toEqual([
      {
        path: ["wieghts"],
        message: "unknown key 'wieghts' (did you mean 'weights'?)",
        severity: "warning",
        atKey: true,
      },
      {
        path: ["rules", "truncate"],
        message: "unknown code 'truncate' (did you mean 'truncated'?)",
        severity: "warning",
        atKey: true,
      },
    ]);
  });

  it("rejects an apiKey key outright", () => {
    const { issues } = validateSettings({ judge: { baseUrl: "http://h", model: "m", apiKey: "x" } });
    expect(issues[0]).toMatchObject({ severity: "error", path: ["judge", "apiKey"] });
    expect(issues[0].message).toContain("never put a key");
  });

  it("formats JSON paths", () => {
    expect(formatJsonPath(["rules", "no-final-answer"])).toBe('rules["no-final-answer"]');
    expect(formatJsonPath(["formatRules", "mixedLanguage", "allowScripts", 0])).toBe(
      "formatRules.mixedLanguage.allowScripts[0]",
    );
  });
});
