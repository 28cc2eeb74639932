import { afterEach, describe, expect, it } from "vitest";
import { DEMO } from "./fixtures";
import { TestClient, waitFor } from "./harness";

/** A file with more problems than a request analyses synchronously (see analysis/background.ts). */
function bigFile(problems: number): string {
  const body = DEMO.slice(DEMO.indexOf("@problem gsm8k-0001"), DEMO.indexOf("@problem frac-0002"));
  const parts = ["@pns 1\n\n"];
  for (let i = 0; i < problems; i++) parts.push(body.replace("gsm8k-0001", `p-${i}`));
  return parts.join("");
}

describe("big files", () => {
  let client: TestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it("answers the first pull at once and asks for a refresh when the background analysis is done", async () => {
    client = await TestClient.start();
    const uri = "file:///big.pns";
    await client.open(uri, bigFile(400));
    const first = await client.diagnostics(uri);
    expect(first.some((d) => d.code === "analysis-in-progress")).toBe(true);
    await waitFor("a diagnostic refresh request", () => client!.refreshes > 0, 20_000);
    const complete = await client.diagnostics(uri);
    expect(complete.some((d) => d.code === "analysis-in-progress")).toBe(false);
    expect(complete.filter((d) => d.code === "arithmetic-slip").length).toBeGreaterThanOrEqual(400);
  });
});
