// Checks syntaxes/language-configuration.json the way VS Code reads it: comment toggling, brackets,
// auto-closing, folding markers and the word pattern (compiled as JavaScript regexes, as VS Code does).
//
// Folding note: VS Code's marker folding needs an explicit end line for each start line (see
// computeRanges in vscode's indentRangeProvider.ts), and a `.pns` problem or sample ends where the
// next directive begins, not at a marker. So problems and samples fold through the language
// server's folding ranges; the markers here give users `@# region` / `@# endregion` groups.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

interface LanguageConfiguration {
  comments: { lineComment: string; blockComment?: [string, string] };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
  surroundingPairs: [string, string][];
  folding: { markers: { start: string; end: string } };
  wordPattern: string;
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const configPath = path.join(root, "syntaxes/language-configuration.json");
const config = JSON.parse(readFileSync(configPath, "utf8")) as LanguageConfiguration;

describe("language configuration", () => {
  it("is the file package.json contributes for the pns language", () => {
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      contributes: { languages: { id: string; extensions: string[]; configuration: string }[] };
    };
    const language = manifest.contributes.languages.find((l) => l.id === "pns");
    expect(language?.extensions).toContain(".pns");
    expect(path.resolve(root, language!.configuration)).toBe(configPath);
  });

  it("toggles comments with @#, the format's comment marker", () => {
    expect(config.comments).toEqual({ lineComment: "@#" });
  });

  it("matches and auto-closes the brackets LaTeX uses, and $ for inline math", () => {
    expect(config.brackets).toEqual([
      ["{", "}"],
      ["[", "]"],
      ["(", ")"],
    ]);
    const pairs = config.autoClosingPairs.map((pair) => pair.open + pair.close);
    expect(pairs).toEqual(expect.arrayContaining(["{}", "[]", "()", "$$"]));
    // A $ typed in a comment or a quoted metadata value is literal text.
    expect(config.autoClosingPairs.find((pair) => pair.open === "$")?.notIn).toEqual(["comment", "string"]);
    expect(config.surroundingPairs).toEqual(expect.arrayContaining([["$", "$"]]));
  });

  it("folds @# region / @# endregion groups and nothing else by marker", () => {
    const start = new RegExp(config.folding.markers.start);
    const end = new RegExp(config.folding.markers.end);
    expect(start.test("@# region Algebra")).toBe(true);
    expect(start.test("@# #region")).toBe(true);
    expect(end.test("@# endregion")).toBe(true);
    expect(start.test("@# endregion")).toBe(false);
    expect(start.test("@problem region-1")).toBe(false);
    expect(start.test("a body line about a region")).toBe(false);
  });

  it("selects whole ids, LaTeX commands and decimals on double-click", () => {
    const word = new RegExp(config.wordPattern, "g");
    const words = (text: string) => text.match(word) ?? [];
    expect(words("@problem gsm8k/train:0042-b level=3")).toEqual([
      "problem",
      "gsm8k/train:0042-b",
      "level",
      "3",
    ]);
    expect(words("$\\frac{1}{2} = 0.5$.")).toEqual(["\\frac", "1", "2", "0.5"]);
    expect(words("It ends here.")).toEqual(["It", "ends", "here"]);
    expect(words("x_1")).toEqual(["x_1"]);
  });
});
