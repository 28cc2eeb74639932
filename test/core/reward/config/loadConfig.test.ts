import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../../../../server/src/core/config/index";
import {
  findConfigFile,
  formatConfigIssue,
  loadConfigFor,
  parseConfigText,
} from "../../../../server/src/io/loadConfig";

describe("parseConfigText", () => {
  it("maps a bad value to the line and column of the value", () => {
    const text = '{\n  "weights": {\n    "format": "high"\n  }\n}\n';
    const { issues } = parseConfigText(text, "pns.config.json");
    expect(issues).toHaveLength(1);
    expect(formatConfigIssue(issues[0])).toBe(
      "pns.config.json:3:15: error: weights.format: expected a number, got a string",
    );
  });

  it("points an unknown key at the key", () => {
    const { issues } = parseConfigText('{ "weigths": {} }', "c.json");
    expect(issues[0]).toMatchObject({ line: 1, column: 3, severity: "warning", jsonPath: "weigths" });
  });

  it("points a missing required key at its object", () => {
    const { issues } = parseConfigText('{\n "judge": { "model": "m" }\n}', "c.json");
    expect(issues[0]).toMatchObject({ line: 2, column: 11, jsonPath: "judge" });
  });

  it("reports invalid JSON with its position and keeps the defaults", () => {
    const { issues, settings } = parseConfigText('{\n  "weights": { "format": 1, }\n}', "c.json");
    expect(issues[0]).toMatchObject({ line: 2, column: 29, severity: "error" });
    expect(issues[0].message).toMatch(/^invalid JSON: /);
    expect(settings.weights.format).toBe(0.1);
  });

  it("rejects comments (the file is strict JSON)", () => {
    expect(parseConfigText("{ // x\n}", "c.json").issues[0].message).toContain("invalid JSON");
  });
});

describe("findConfigFile / loadConfigFor", () => {
  it("walks up from a file to the nearest pns.config.json", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "pns-config-"));
    mkdirSync(path.join(root, "a", "b"), { recursive: true });
    writeFileSync(path.join(root, "pns.config.json"), '{ "implausibleThreshold": 0.3 }');
    const file = path.join(root, "a", "b", "data.pns");
    writeFileSync(file, "@pns 1\n");
    expect(await findConfigFile(file)).toBe(path.join(root, "pns.config.json"));
    const loaded = await loadConfigFor(file);
    expect(loaded.settings.implausibleThreshold).toBe(0.3);
    expect(loaded.issues).toEqual([]);
  });
});

describe("schemas/pns.config.schema.json", () => {
  it("is the schema generated from the spec (regenerate: see docs/reward.md)", () => {
    const file = path.resolve(__dirname, "../../../../schemas/pns.config.schema.json");
    const generated = configJsonSchema();
    // Compared as data: prettier owns the file's layout.
    if (process.env.PNS_UPDATE_SCHEMA === "1") writeFileSync(file, JSON.stringify(generated, null, 2) + "\n");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(generated);
  });

  it("validates the example config without issues", () => {
    const file = path.resolve(__dirname, "../../../../examples/pns.config.json");
    expect(parseConfigText(readFileSync(file, "utf8"), file).issues).toEqual([]);
  });
});
