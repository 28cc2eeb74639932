// Scope names only help if themes colour them. This runs the grammar through vscode-textmate's own
// theme matcher with a probe theme whose selectors are the generic ones VS Code's default themes
// (and most others) style: markup.inserted/deleted, keyword.control, markup.bold, comment, invalid.
// It checks what a user sees: roles in diff colours, bold final and gold answers (bold survives the
// numeric colour nested inside), comments dimmed, mistakes flagged.
import { beforeAll, describe, expect, it } from "vitest";
import { INITIAL, type IGrammar, type IRawTheme, type Registry } from "vscode-textmate";
import { createRegistry } from "./harness";

const probeTheme: IRawTheme = {
  name: "probe",
  settings: [
    { settings: { foreground: "#111111", background: "#ffffff" } },
    { scope: "keyword.control", settings: { foreground: "#aa00aa" } },
    { scope: "markup.inserted", settings: { foreground: "#00aa00" } },
    { scope: "markup.deleted", settings: { foreground: "#cc0000" } },
    { scope: "markup.bold", settings: { fontStyle: "bold" } },
    { scope: "constant.numeric", settings: { foreground: "#0077aa" } },
    { scope: "comment", settings: { foreground: "#888888", fontStyle: "italic" } },
    { scope: "invalid", settings: { foreground: "#ff0000" } },
    { scope: "entity.name.section", settings: { foreground: "#aa7700" } },
    { scope: "entity.other.attribute-name", settings: { foreground: "#0000cc" } },
    { scope: "string", settings: { foreground: "#996600" } },
  ],
};

// vscode-textmate's packed token metadata (EncodedTokenAttributes): font style in bits 11-14,
// foreground colour index in bits 15-23.
const fontStyleOf = (metadata: number): number => (metadata >>> 11) & 0b1111;
const foregroundOf = (metadata: number): number => (metadata >>> 15) & 0b111111111;
const BOLD = 2;
const ITALIC = 1;

let registry: Registry;
let grammar: IGrammar;
beforeAll(async () => {
  registry = await createRegistry(probeTheme);
  grammar = (await registry.loadGrammar("source.pns"))!;
});

/** Colour and font style at the first (or last) occurrence of `needle` on the last line. */
function styleOf(
  lines: string[],
  needle: string,
  last = false,
): { color: string; bold: boolean; italic: boolean } {
  let state = INITIAL;
  let tokens: Uint32Array = new Uint32Array();
  for (const line of lines) {
    const result = grammar.tokenizeLine2(line, state);
    state = result.ruleStack;
    tokens = result.tokens;
  }
  const text = lines.at(-1)!;
  const column = last ? text.lastIndexOf(needle) : text.indexOf(needle);
  if (column < 0) throw new Error(`${needle} not in ${text}`);
  let metadata = 0;
  for (let k = 0; k < tokens.length; k += 2) if (tokens[k] <= column) metadata = tokens[k + 1]!;
  return {
    color: registry.getColorMap()[foregroundOf(metadata)].toLowerCase(),
    bold: (fontStyleOf(metadata) & BOLD) !== 0,
    italic: (fontStyleOf(metadata) & ITALIC) !== 0,
  };
}

describe("theme colours", () => {
  it("paints @positive green and @negative red, other directives as keywords", () => {
    expect(styleOf(["@positive"], "positive").color).toBe("#00aa00");
    expect(styleOf(["@negative"], "negative").color).toBe("#cc0000");
    expect(styleOf(["@problem p-1"], "problem").color).toBe("#aa00aa");
    expect(styleOf(["@problem p-1", "Q", "@answer 72"], "answer").color).toBe("#aa00aa");
  });

  it("shows boxed answers and gold answers in bold, numbers keeping their colour", () => {
    const boxed = styleOf(["@negative", "So $\\boxed{62}$."], "62");
    expect(boxed).toMatchObject({ bold: true, color: "#0077aa" });
    const gold = styleOf(["@problem p", "Q", "@answer 72"], "72");
    expect(gold).toMatchObject({ bold: true, color: "#0077aa" });
    expect(styleOf(["@negative", "So $\\boxed{62}$."], "So").bold).toBe(false);
  });

  it("dims comments and calculator annotations, and flags unknown directives", () => {
    expect(styleOf(["@# note"], "note")).toMatchObject({ color: "#888888", italic: true });
    expect(styleOf(["@positive", "48/2 = <<48/2=24>>24"], "<<")).toMatchObject({ color: "#888888" });
    expect(styleOf(["@problem p", "@todo x"], "@todo").color).toBe("#ff0000");
  });

  it("colours ids, metadata keys and values apart from body text", () => {
    const line = ["@problem gsm8k-1 source=gsm8k"];
    expect(styleOf(line, "gsm8k-1").color).toBe("#aa7700");
    expect(styleOf(line, "source").color).toBe("#0000cc");
    expect(styleOf(line, "=").color).toBe("#111111");
    expect(styleOf(line, "gsm8k", true).color).toBe("#996600");
    expect(styleOf(["@problem p", "Plain gsm8k text"], "gsm8k").color).toBe("#111111");
  });
});
