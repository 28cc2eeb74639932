import { afterEach, describe, expect, it } from "vitest";
import {
  CancellationTokenSource,
  CodeLensRequest,
  DidChangeConfigurationNotification,
  LSPErrorCodes,
} from "vscode-languageserver-protocol/node";
import { DEMO } from "./fixtures";
import { TestClient, waitFor } from "./harness";

const URI = "file:///config/demo.pns";

describe("settings and cancellation", () => {
  let client: TestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it("falls back to the default for a value of the wrong type and says so", async () => {
    client = await TestClient.start({
      settings: { codeLens: { scores: "yes" }, diagnostics: { maxPerFile: -3 } },
    });
    await client.open(URI, DEMO);
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } });
    expect(lenses!.some((l) => l.command?.title.includes("answer"))).toBe(true);
    await waitFor("a warning naming the setting", () =>
      client!.messages.find((m) => m.message.includes("pns.codeLens.scores")),
    );
    expect(client.messages.some((m) => m.message.includes("pns.diagnostics.maxPerFile"))).toBe(true);
    expect((await client.diagnostics(URI)).length).toBeGreaterThan(0);
  });

  it("re-reads settings on didChangeConfiguration and asks the client to refresh", async () => {
    client = await TestClient.start();
    await client.open(URI, DEMO);
    expect((await client.diagnostics(URI)).some((d) => d.code === "arithmetic-slip")).toBe(true);
    client.settings = { engine: { rules: { "arithmetic-slip": "off" } }, codeLens: { compare: false } };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await waitFor("a diagnostics refresh", () => client!.refreshes > 0);
    expect((await client.diagnostics(URI)).some((d) => d.code === "arithmetic-slip")).toBe(false);
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } });
    expect(lenses!.some((l) => l.command?.title === "Compare with positive")).toBe(false);
  });

  it("caps diagnostics and says how many were left out", async () => {
    client = await TestClient.start({ settings: { diagnostics: { maxPerFile: 2 } } });
    await client.open(URI, DEMO);
    const diagnostics = await client.diagnostics(URI);
    expect(diagnostics).toHaveLength(3);
    expect(diagnostics[2].code).toBe("diagnostics-capped");
    expect(diagnostics[2].message).toMatch(/^\d+ more findings are not shown/);
  });

  it("honours suppression comments for the file", async () => {
    client = await TestClient.start();
    await client.open(URI, DEMO.replace("@pns 1\n", "@pns 1\n@# pns-disable negative-correct\n"));
    expect((await client.diagnostics(URI)).some((d) => d.code === "negative-correct")).toBe(false);
  });

  it("cancels a request that waits for the analysis of a big file", async () => {
    client = await TestClient.start();
    const body = DEMO.slice(DEMO.indexOf("@problem gsm8k-0001"), DEMO.indexOf("@problem frac-0002"));
    const big = `@pns 1\n\n${Array.from({ length: 2000 }, (_, i) => body.replace("gsm8k-0001", `p-${i}`)).join("")}`;
    await client.open("file:///config/big.pns", big);
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest(
      CodeLensRequest.type,
      { textDocument: { uri: "file:///config/big.pns" } },
      source.token,
    );
    source.cancel();
    await expect(pending).rejects.toMatchObject({ code: LSPErrorCodes.RequestCancelled });
    // The server is still responsive afterwards.
    expect((await client.diagnostics("file:///config/big.pns")).length).toBeGreaterThan(0);
  });
});
