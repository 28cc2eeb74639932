/**
 * The language server's bounds on a file of very many problems: a document keeps parse trees up
 * to a byte estimate (the least recently used go, their ids stay), and the outline and folding
 * stop at {@link MAX_OUTLINE_PROBLEMS} problems with one symbol saying how many are not listed.
 */
import { describe, expect, it } from "vitest";
import { PnsDocument } from "../../../server/src/lsp/document/pnsDocument";
import { foldingRanges } from "../../../server/src/lsp/folding";
import { documentSymbols, MAX_OUTLINE_PROBLEMS } from "../../../server/src/lsp/symbols";

function tiny(count: number, duplicateOf?: number): string {
  const parts = ["@pns 1\n"];
  for (let i = 0; i < count; i++) {
    const id = i === count - 1 && duplicateOf !== undefined ? `t${duplicateOf}` : `t${i}`;
    parts.push(`\n@problem ${id}\nWhat is ${i} + 1?\n\n@answer ${i + 1}\n@negative\nIt is \\boxed{${i}}.\n`);
  }
  return parts.join("");
}

describe("a document's parse trees", () => {
  it("are kept up to the byte bound, least recently used going first, and their ids stay", () => {
    const text = tiny(60, 7);
    // About 10 trees of these problems (1 KB each by the estimate, plus their text).
    const document = new PnsDocument("file:///t.pns", 1, text, 11_000);
    const whole = new PnsDocument("file:///w.pns", 1, text);
    const count = document.segments.length;
    for (let i = 0; i < count; i++) document.parsed(i);
    const kept = document.segments.filter((s) => s.state?.parsed).length;
    expect(kept).toBeGreaterThan(3);
    expect(kept).toBeLessThan(12);
    // The last ones parsed are the ones kept.
    expect(document.segments[count - 1].state?.parsed).toBeDefined();
    expect(document.segments[1].state?.parsed).toBeUndefined();
    // Ids without a tree, and the index of ids (the duplicate of t7 at the end) as with every tree.
    for (let i = 0; i < count; i++) expect(document.problemIds(i)).toEqual(whole.problemIds(i));
    expect(document.idIndex()).toEqual(whole.idIndex());
    // A tree let go is parsed again, the same.
    expect(document.parsed(1)).toEqual(whole.parsed(1));
    expect(document.segments[1].state?.parsed).toBeDefined();
  });

  it("of a document of ordinary size are all kept", () => {
    const document = new PnsDocument("file:///t.pns", 1, tiny(200));
    for (let i = 0; i < document.segments.length; i++) document.parsed(i);
    expect(document.segments.every((s) => s.state?.parsed)).toBe(true);
  });
});

describe("the outline of a file of very many problems", () => {
  const extra = 5;
  const document = new PnsDocument("file:///t.pns", 1, tiny(MAX_OUTLINE_PROBLEMS + extra));

  it("lists the first problems, then says how many are not listed", () => {
    const symbols = documentSymbols(document);
    expect(symbols).toHaveLength(MAX_OUTLINE_PROBLEMS + 1);
    expect(symbols[MAX_OUTLINE_PROBLEMS - 1].name).toBe(`t${MAX_OUTLINE_PROBLEMS - 1}`);
    const last = symbols[MAX_OUTLINE_PROBLEMS];
    expect(last.name).toBe(`… ${extra} more problems not listed`);
    expect(last.range.start.line).toBe(document.segments[MAX_OUTLINE_PROBLEMS + 1].startLine);
    expect(last.children).toBeUndefined();
  });

  it("folds as far as the outline lists", () => {
    const lines = foldingRanges(document).map((r) => r.startLine);
    expect(Math.max(...lines)).toBeLessThan(document.segments[MAX_OUTLINE_PROBLEMS + 1].startLine);
    expect(lines).toContain(document.segments[MAX_OUTLINE_PROBLEMS].startLine);
  });

  it("is the whole outline below the bound", () => {
    const small = new PnsDocument("file:///s.pns", 1, tiny(30));
    const symbols = documentSymbols(small);
    expect(symbols.map((s) => s.name)).toEqual(Array.from({ length: 30 }, (_, i) => `t${i}`));
    expect(symbols.every((s) => s.children?.length === 2)).toBe(true);
  });
});
