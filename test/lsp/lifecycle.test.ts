import { afterEach, describe, expect, it } from "vitest";
import { BROKEN, DEMO } from "./fixtures";
import { TestClient, waitFor } from "./harness";

describe("language server lifecycle over stdio", () => {
  let client: TestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it("advertises its capabilities", async () => {
    client = await TestClient.start();
    const caps = client.initializeResult.capabilities;
    expect(caps.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(caps.diagnosticProvider).toMatchObject({ interFileDependencies: false });
    for (const key of [
      "hoverProvider",
      "codeLensProvider",
      "inlayHintProvider",
      "codeActionProvider",
      "documentSymbolProvider",
      "workspaceSymbolProvider",
      "foldingRangeProvider",
      "selectionRangeProvider",
      "completionProvider",
      "documentFormattingProvider",
      "definitionProvider",
      "referencesProvider",
      "renameProvider",
    ] as const) {
      expect(caps[key], key).toBeTruthy();
    }
    expect(client.initializeResult.serverInfo?.name).toBe("pns-language-server");
  });

  it("reports parse findings with stable codes and exact ranges", async () => {
    client = await TestClient.start();
    await client.open("file:///broken.pns", BROKEN);
    const diagnostics = await client.diagnostics("file:///broken.pns");
    const codes = diagnostics.map((d) => d.code);
    expect(codes).toContain("invalid-id");
    expect(codes).toContain("missing-answer");
    const invalid = diagnostics.find((d) => d.code === "invalid-id")!;
    expect(invalid.range.start.line).toBe(9);
    expect(invalid.source).toBe("pns");
  });

  it("shuts down and exits with code 0", async () => {
    client = await TestClient.start();
    await client.open("file:///demo.pns", DEMO);
    const code = await client.stop();
    client = undefined;
    expect(code).toBe(0);
  });

  it("falls back to pushed diagnostics for clients without pull support", async () => {
    client = await TestClient.start({ capabilities: { textDocument: { publishDiagnostics: {} } } });
    expect(client.initializeResult.capabilities.diagnosticProvider).toBeUndefined();
    await client.open("file:///broken.pns", BROKEN);
    const published = await waitFor(
      "published diagnostics",
      () => client!.published.get("file:///broken.pns")?.[0],
    );
    expect(published.diagnostics.map((d) => d.code)).toContain("missing-answer");
  });
});
