// Snapshot tests: every fixture in test/grammar/fixtures is tokenized with vscode-textmate and
// vscode-oniguruma (the engine VS Code runs) and compared against a readable dump in __snapshots__.
// Update intentionally with `npx vitest run test/grammar -u` and review the diff.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dumpTokens, fixturesDir, loadPnsGrammar, tokenizeText } from "./harness";

const fixtures = readdirSync(fixturesDir)
  .filter((name) => name.endsWith(".pns"))
  .sort();

describe("pns grammar snapshots", () => {
  it("has the fixtures the suite is built around", () => {
    expect(fixtures).toEqual([
      "basic.pns",
      "crlf.pns",
      "directives.pns",
      "gsm8k.pns",
      "hostile.pns",
      "math.pns",
    ]);
  });

  it.each(fixtures)("%s", async (name) => {
    const grammar = await loadPnsGrammar();
    const text = readFileSync(path.join(fixturesDir, name), "utf8");
    const lines = tokenizeText(grammar, text);
    expect(lines.some((line) => line.stoppedEarly)).toBe(false);
    await expect(dumpTokens(lines)).toMatchFileSnapshot(path.join("__snapshots__", `${name}.tokens`));
  });
});
