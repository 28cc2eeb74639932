import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CodeActionRequest,
  CodeLensRequest,
  DocumentSymbolRequest,
  HoverRequest,
  InlayHintRequest,
  type CodeAction,
  type DocumentSymbol,
  type MarkupContent,
} from "vscode-languageserver-protocol/node";
import { componentLabel } from "../../server/src/core/reward/index";
import { DEMO } from "./fixtures";
import { applyEdits, positionOf, TestClient } from "./harness";

const URI = "file:///features/demo.pns";

describe("analysis-driven features on the demo file", () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.start();
    await client.open(URI, DEMO);
  });
  afterAll(async () => {
    await client.stop();
  });

  it("reports a negative whose answer equals the gold with the grader's reason", async () => {
    const diagnostics = await client.diagnostics(URI);
    const falseNegative = diagnostics.find((d) => d.code === "negative-correct");
    expect(falseNegative, JSON.stringify(diagnostics.map((d) => d.code))).toBeDefined();
    expect(falseNegative!.message).toContain("0.5");
    expect(falseNegative!.range.start).toEqual(positionOf(DEMO, "0.5}"));
  });

  it("flags the false arithmetic claim of the plausible negative at its exact range", async () => {
    const diagnostics = await client.diagnostics(URI);
    const slip = diagnostics.find((d) => d.code === "arithmetic-slip");
    expect(slip).toBeDefined();
    expect(slip!.range.start.line).toBe(positionOf(DEMO, "48 + 24 = 62").line);
  });

  it("hovers a sample with the reward breakdown table", async () => {
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: URI },
      position: positionOf(DEMO, "Altogether: $48 + 24 = 62$", 3),
    });
    const value = (hover!.contents as MarkupContent).value;
    expect(value).toContain("| component | weight | value | reason | provenance | cache age |");
    expect(value).toContain(`| ${componentLabel("accuracy")} |`);
    expect(value).toContain("local");
  });

  it("shows in the hover table the weights its formula uses (renormalised), under the shared labels", async () => {
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: URI },
      position: positionOf(DEMO, "Altogether: $48 + 24 = 62$", 3),
    });
    const value = (hover!.contents as MarkupContent).value;
    // Table rows: `| label | weight | value | …`; the reason's formula: `name value×weight`.
    const tableWeights = new Map(
      [...value.matchAll(/^\| ([^|]+) \| ([\d.]+|—) \| /gm)].map((m) => [m[1], m[2]]),
    );
    const terms = [...value.matchAll(/(\w+) [\d.]+×([\d.]+)/g)];
    // Local components only (format 0.10, local CoT 0.15): the formula weighs them 0.4 and 0.6.
    expect(terms.map((m) => m[1]).sort()).toEqual(["format", "localCot"]);
    for (const [, name, weight] of terms) {
      expect(tableWeights.get(componentLabel(name)), name).toBe(Number(weight).toFixed(2));
    }
    expect(tableWeights.get(componentLabel("format"))).toBe("0.40");
    expect(tableWeights.get(componentLabel("localCot"))).toBe("0.60");
    expect(tableWeights.get(componentLabel("accuracy"))).toBe("0.00");
  });

  it("hovers the gold answer with its normalised value and each sample's verdict", async () => {
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: URI },
      position: positionOf(DEMO, "\\frac{1}{2}\n@positive", 1),
    });
    const value = (hover!.contents as MarkupContent).value;
    expect(value).toContain("Gold answer");
    expect(value).toContain("Normalised");
    expect(value).toMatch(/negative #2: `0\.5` ✓/);
  });

  it("gives inlay hints with the extracted answer and a check mark", async () => {
    const hints = await client.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
    });
    const labels = hints!.map((h) =>
      (typeof h.label === "string" ? h.label : h.label.map((p) => p.value).join("")).trim(),
    );
    expect(labels).toContain("72 ✓");
    expect(labels).toContain("62 ✗");
    expect(labels).toContain("0.5 ✓");
  });

  it("puts score, compare and re-score lenses above samples", async () => {
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } });
    const titles = lenses!.map((l) => l.command?.title ?? "");
    expect(titles.filter((t) => t === "Re-score")).toHaveLength(4);
    expect(titles.filter((t) => t === "Compare with positive")).toHaveLength(2);
    expect(titles.some((t) => t.includes("answer ≠ (62 ≠ 72)"))).toBe(true);
    const compare = lenses!.find((l) => l.command?.title === "Compare with positive")!;
    expect(compare.command!.command).toBe("pns.openSampleDiff");
    expect(compare.command!.arguments![0]).toMatchObject({
      uri: URI,
      problemId: "gsm8k-0001",
      sampleIndex: 1,
    });
  });

  it("offers a quick fix that moves a false negative to the positives, and applying it fixes the finding", async () => {
    const diagnostics = await client.diagnostics(URI);
    const falseNegative = diagnostics.find((d) => d.code === "negative-correct")!;
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: falseNegative.range,
      context: { diagnostics: [falseNegative] },
    })) as CodeAction[];
    const move = actions.find((a) => a.title.startsWith("Move to positives"))!;
    expect(move.isPreferred).toBe(true);
    const fixed = applyEdits(DEMO, move.edit!.changes![URI]);
    expect(fixed).toContain("@positive model=pns-gen kind=false-negative");
    const titles = actions.map((a) => a.title);
    expect(titles).toContain("Disable negative-correct for this sample");
    expect(titles).toContain("Disable negative-correct for this file");
    expect(titles.some((t) => t.startsWith("Delete negative #2"))).toBe(true);
  });

  it("outlines problems with their answer and samples as children", async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: URI },
    })) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toEqual(["gsm8k-0001", "frac-0002"]);
    expect(symbols[0].children!.map((c) => c.name)).toEqual(["answer: 72", "positive #1", "negative #2"]);
  });
});
