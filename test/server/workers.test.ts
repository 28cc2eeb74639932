/**
 * A big file's first analysis shared with worker threads gives exactly the diagnostics of the
 * main thread alone (same findings, messages, ranges, order), also when the file is edited while
 * the workers are busy.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Diagnostic } from "vscode-languageserver-protocol";
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
  if (workers > 0) expect(client.logs.join("\n")).toMatch(/: [1-9]\d+ of \d+ problems analysed by 2 worker/);
  return items;
}

const clients: TestClient[] = [];

describe("analysis worker threads", () => {
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
  });

  it("give the same diagnostics as the main thread alone", async () => {
    const text = bigFile(1200);
    const alone = await completeDiagnostics(0, text);
    const shared = await completeDiagnostics(2, text);
    expect(alone.length).toBeGreaterThan(1200);
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
});
