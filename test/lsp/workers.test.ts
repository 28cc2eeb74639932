/**
 * A big file's first analysis shared with worker threads gives exactly the diagnostics of the
 * main thread alone (same findings, messages, ranges, order), also when the file is edited while
 * the workers are busy.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  CodeLensRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type Diagnostic,
} from "vscode-languageserver-protocol";
import { defaultWorkerCount } from "../../server/src/lsp/documentAnalysis/pool";
import { DEMO } from "./fixtures";
import { TestClient, waitFor } from "./harness";

/** More problems than analysis/parallel.ts needs before it starts workers, each a little different. */
function bigFile(problems: number): string {
  const body = DEMO.slice(DEMO.indexOf("@problem gsm8k-0001"), DEMO.indexOf("@problem frac-0002"));
  const parts = ["@pns 1\n\n"];
  for (let i = 0; i < problems; i++)
    parts.push(body.replace("gsm8k-0001", `p-${i}`).replace("72", i % 3 === 0 ? "72" : String(i)));
  return parts.join("");
}

async function completeDiagnostics(
  workers: number,
  text: string,
  edit?: (client: TestClient, uri: string) => Promise<void>,
): Promise<Diagnostic[]> {
  return (await completeAnalysis(workers, text, edit)).items;
}

async function completeAnalysis(
  workers: number,
  text: string,
  edit?: (client: TestClient, uri: string) => Promise<void>,
): Promise<{ client: TestClient; items: Diagnostic[] }> {
  const client = await TestClient.start({
    env: { PNS_LSP_ANALYSIS_WORKERS: String(workers) },
    settings: { diagnostics: { maxPerFile: 100_000 } },
  });
  clients.push(client);
  const uri = "file:///big.pns";
  await client.open(uri, text);
  const first = await client.diagnostics(uri);
  expect(first.some((d) => d.code === "analysis-in-progress")).toBe(true);
  if (edit) await edit(client, uri);
  await waitFor("the complete analysis", () => client.refreshes > 0, 60_000);
  let items = await client.diagnostics(uri);
  for (const deadline = Date.now() + 60_000; items.some((d) => d.code === "analysis-in-progress");) {
    if (Date.now() > deadline) throw new Error("analysis did not complete in 60 s");
    const seen = client.refreshes;
    await waitFor("another refresh", () => client.refreshes > seen, 60_000);
    items = await client.diagnostics(uri);
  }
  // The workers did take part (or the comparison would prove nothing).
  if (workers > 0)
    expect(client.logs.join("\n")).toMatch(
      new RegExp(`: [1-9]\\d+ of \\d+ problems analysed by ${workers} worker`),
    );
  return { client, items };
}

const clients: TestClient[] = [];

describe("analysis worker threads", () => {
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
  });

  it("give the same diagnostics as the main thread alone", async () => {
    // A problem id used twice, the second time in the part the workers analyse: the id index
    // takes the workers' problem ids without a parse on the main thread.
    const text = bigFile(1200).replace("@problem p-1150 ", "@problem p-5 ");
    const alone = await completeDiagnostics(0, text);
    const shared = await completeDiagnostics(2, text);
    expect(alone.length).toBeGreaterThan(1200);
    expect(alone.filter((d) => d.code === "duplicate-id")).toHaveLength(1);
    expect(shared).toEqual(alone);
  }, 180_000);

  it("give the same diagnostics when the file is edited during the analysis", async () => {
    const text = bigFile(1200);
    const lastProblem = text.lastIndexOf("@problem p-1199");
    const line = text.slice(0, lastProblem).split("\n").length - 1;
    const edit = (client: TestClient, uri: string): Promise<void> =>
      client.edit(
        uri,
        { start: { line, character: 0 }, end: { line, character: 0 } },
        "@problem p-late\n@answer 3\n@negative\nSo the answer is \\boxed{3}.\n\n",
      );
    const alone = await completeDiagnostics(0, text, edit);
    const shared = await completeDiagnostics(2, text, edit);
    // The late problem's negative equals its gold answer.
    expect(alone.some((d) => d.code === "negative-correct" && d.range.start.line > line)).toBe(true);
    expect(shared).toEqual(alone);
  }, 180_000);

  it("leave the main thread able to serve trees for what they analysed", async () => {
    const text = bigFile(1200);
    // A sample's directive line in the last problem, which a worker analysed.
    const line =
      text.slice(0, text.indexOf("@negative", text.lastIndexOf("@problem p-1199"))).split("\n").length - 1;
    const views = async (workers: number): Promise<unknown[]> => {
      const { client } = await completeAnalysis(workers, text);
      const textDocument = { uri: "file:///big.pns" };
      const hover = await client.connection.sendRequest(HoverRequest.type, {
        textDocument,
        position: { line, character: 2 },
      });
      const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument });
      const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument });
      return [hover, symbols, lenses];
    };
    const alone = await views(0);
    const shared = await views(1);
    expect(JSON.stringify(alone[0])).toContain("1199 ≠ 62");
    expect(shared).toEqual(alone);
  }, 180_000);

  it("default to one per core beyond the main thread's, at most three", () => {
    expect([1, 2, 3, 4, 16].map((cores) => defaultWorkerCount(cores))).toEqual([0, 1, 2, 3, 3]);
  });
});
