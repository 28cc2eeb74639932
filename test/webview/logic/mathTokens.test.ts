import { describe, expect, it } from "vitest";
import { tokenize } from "../../../webview/src/logic/mathTokens";

const kinds = (text: string) => tokenize(text).map((t) => [t.kind, text.slice(t.start, t.end)]);

describe("tokenize", () => {
  it("keeps every math form whole", () => {
    const text = "So $x+1$ and \\(y\\) and \\[z^2\\] and $$w$$ give \\boxed{\\frac{9}{2}}.";
    const math = tokenize(text).filter((t) => t.kind === "math");
    expect(math.map((t) => text.slice(t.start, t.end))).toEqual([
      "$x+1$",
      "\\(y\\)",
      "\\[z^2\\]",
      "$$w$$",
      "\\boxed{\\frac{9}{2}}",
    ]);
    expect(math.map((t) => t.display)).toEqual([false, false, true, true, false]);
    expect(math[4].tex).toBe("\\boxed{\\frac{9}{2}}");
    expect(math[0].tex).toBe("x+1");
  });

  it("compares math ignoring spaces, words exactly", () => {
    const [a] = tokenize("$x + 1$");
    const [b] = tokenize("$x+1$");
    expect(a.key).toBe(b.key);
    expect(tokenize("$x$")[0].key).not.toBe(tokenize("$$x$$")[0].key);
  });

  it("leaves an unpaired or escaped dollar as text", () => {
    expect(kinds("costs \\$5 and $3")).toEqual([
      ["word", "costs"],
      ["word", "\\$"],
      ["word", "5"],
      ["word", "and"],
      ["word", "$"],
      ["word", "3"],
    ]);
    // A `$` never pairs across a blank line.
    expect(tokenize("a $x\n\ny$ b").some((t) => t.kind === "math")).toBe(false);
  });

  it("handles nested braces in \\boxed and an unclosed one", () => {
    const text = "\\boxed{\\{1, \\frac{a}{b}\\}} rest";
    expect(kinds(text)[0]).toEqual(["math", "\\boxed{\\{1, \\frac{a}{b}\\}}"]);
    expect(tokenize("\\boxed{1").every((t) => t.kind === "word")).toBe(true);
  });

  it("splits words and punctuation, keeps surrogate pairs together, covers no whitespace", () => {
    const text = "It's 12.5, ok 🙂 done";
    const toks = kinds(text);
    expect(toks).toContainEqual(["word", "It's"]);
    expect(toks).toContainEqual(["word", "🙂"]);
    for (const t of tokenize(text)) expect(/\s/.test(text.slice(t.start, t.end))).toBe(false);
  });

  it("stays linear on a megabyte of dollars and braces", () => {
    const text = "$".repeat(200_000) + "\\boxed{".repeat(100_000);
    const started = performance.now();
    tokenize(text);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
