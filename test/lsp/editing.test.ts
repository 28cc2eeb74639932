import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  FoldingRangeRequest,
  ReferencesRequest,
  RenameRequest,
  SelectionRangeRequest,
  WorkspaceSymbolRequest,
  type CompletionItem,
  type CompletionList,
  type TextEdit,
} from "vscode-languageserver-protocol/node";
import { BROKEN, DEMO } from "./fixtures";
import { applyEdits, positionOf, TestClient } from "./harness";

const URI = "file:///editing/demo.pns";

describe("editing", () => {
  let client: TestClient;
  beforeEach(async () => {
    client = await TestClient.start();
    await client.open(URI, DEMO);
  });
  afterEach(async () => {
    await client.stop();
  });

  it("updates diagnostics after incremental edits, including ones that move problem boundaries", async () => {
    expect((await client.diagnostics(URI)).some((d) => d.code === "negative-correct")).toBe(true);
    // Fix the false negative's answer by editing inside its body: 0.5 → 0.6.
    const at = positionOf(client.text(URI), "0.5}", 2);
    await client.edit(URI, { start: at, end: { line: at.line, character: at.character + 1 } }, "6");
    let diagnostics = await client.diagnostics(URI);
    expect(diagnostics.some((d) => d.code === "negative-correct")).toBe(false);
    // Insert a new problem without an answer in the middle of the file: a new boundary.
    const before = positionOf(client.text(URI), "@problem frac-0002");
    await client.edit(URI, { start: before, end: before }, "@problem inserted-1\nWhat is 1 + 1?\n\n");
    diagnostics = await client.diagnostics(URI);
    const missing = diagnostics.find((d) => d.code === "missing-answer");
    expect(missing?.range.start.line).toBe(before.line);
    // The findings of the problem after it moved down by three lines.
    const slip = diagnostics.find((d) => d.code === "arithmetic-slip");
    expect(slip?.range.start.line).toBe(positionOf(client.text(URI), "48 + 24 = 62").line);
    // Delete it again, merging the text back: the file is as before the insertion.
    const start = positionOf(client.text(URI), "@problem inserted-1");
    await client.edit(URI, { start, end: { line: start.line + 3, character: 0 } }, "");
    diagnostics = await client.diagnostics(URI);
    expect(diagnostics.some((d) => d.code === "missing-answer")).toBe(false);
  });

  it("reports a problem id defined twice across problems", async () => {
    const at = positionOf(client.text(URI), "frac-0002 source");
    await client.edit(URI, { start: at, end: { line: at.line, character: at.character + 9 } }, "gsm8k-0001");
    const duplicate = (await client.diagnostics(URI)).find((d) => d.code === "duplicate-id");
    expect(duplicate?.message).toContain("first used on line 4");
    expect(duplicate?.range.start).toEqual(at);
  });

  it("stays correct while the text stops parsing mid-way", async () => {
    const at = positionOf(client.text(URI), "@answer 72");
    await client.edit(URI, { start: at, end: { line: at.line, character: 10 } }, "@answ");
    const diagnostics = await client.diagnostics(URI);
    expect(diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(["unknown-directive", "missing-answer"]),
    );
  });

  it("formats to the canonical form with a minimal edit, and refuses files with parse errors", async () => {
    const messy = DEMO.replace("@problem frac-0002 source=custom", '@problem frac-0002   source="custom"');
    await client.open("file:///editing/messy.pns", messy);
    const edits = (await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: "file:///editing/messy.pns" },
      options: { tabSize: 2, insertSpaces: true },
    })) as TextEdit[];
    expect(edits).toHaveLength(1);
    expect(applyEdits(messy, edits)).toBe(DEMO);
    await client.open("file:///editing/broken.pns", BROKEN);
    const none = await client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: "file:///editing/broken.pns" },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(none).toEqual([]);
    expect(client.messages.some((m) => m.message.includes("not formatted"))).toBe(true);
  });

  it("goes to the definition of an id used in metadata and finds its references", async () => {
    const use = positionOf(DEMO, "dup_of=gsm8k-0001", 9);
    const definition = await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: URI },
      position: use,
    });
    expect(definition).toEqual([
      { uri: URI, range: { start: positionOf(DEMO, "gsm8k-0001"), end: positionOf(DEMO, "gsm8k-0001", 10) } },
    ]);
    const references = await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: URI },
      position: positionOf(DEMO, "gsm8k-0001", 2),
      context: { includeDeclaration: true },
    });
    expect(references?.map((r) => r.range.start.line)).toEqual([3, use.line]);
  });

  it("renames an id everywhere and rejects invalid or taken names", async () => {
    const result = await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: URI },
      position: positionOf(DEMO, "gsm8k-0001", 1),
      newName: "gsm8k-0042",
    });
    const renamed = applyEdits(DEMO, result!.changes![URI]);
    expect(renamed).toContain("@problem gsm8k-0042 source=gsm8k");
    expect(renamed).toContain("dup_of=gsm8k-0042");
    expect(renamed).not.toContain("gsm8k-0001");
    await expect(
      client.connection.sendRequest(RenameRequest.type, {
        textDocument: { uri: URI },
        position: positionOf(DEMO, "gsm8k-0001", 1),
        newName: "bad id",
      }),
    ).rejects.toThrow(/not a valid problem id/);
    await expect(
      client.connection.sendRequest(RenameRequest.type, {
        textDocument: { uri: URI },
        position: positionOf(DEMO, "gsm8k-0001", 1),
        newName: "frac-0002",
      }),
    ).rejects.toThrow(/already exists/);
  });

  it("completes directives, metadata keys and known values", async () => {
    const end = { line: client.text(URI).split("\n").length - 1, character: 0 };
    await client.edit(URI, { start: end, end }, "@");
    const items = (list: CompletionList | CompletionItem[] | null): string[] =>
      (Array.isArray(list) ? list : (list?.items ?? [])).map((i) => i.label);
    const directives = await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: URI },
      position: { line: end.line, character: 1 },
    });
    expect(items(directives)).toEqual(
      expect.arrayContaining(["@problem", "@answer", "@positive", "@negative"]),
    );
    await client.edit(
      URI,
      { start: { line: end.line, character: 1 }, end: { line: end.line, character: 1 } },
      "negative status=",
    );
    const values = await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: URI },
      position: { line: end.line, character: 17 },
    });
    expect(items(values)).toEqual(["accepted", "rejected", "flagged"]);
  });

  it("folds problems and samples, expands selections, and lists workspace symbols", async () => {
    const folds = await client.connection.sendRequest(FoldingRangeRequest.type, {
      textDocument: { uri: URI },
    });
    expect(folds?.some((f) => f.startLine === 3)).toBe(true);
    const [selection] = (await client.connection.sendRequest(SelectionRangeRequest.type, {
      textDocument: { uri: URI },
      positions: [positionOf(DEMO, "24$ clips", 0)],
    }))!;
    const chain: number[] = [];
    for (let s = selection; s; s = s.parent!) chain.push(s.range.start.line);
    expect(chain.at(-1)).toBe(0);
    const symbols = await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: "frac" });
    expect(symbols?.map((s) => s.name)).toEqual(["frac-0002"]);
  });
});
