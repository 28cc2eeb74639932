/**
 * Background remote scoring against a local OpenAI-compatible judge: progress reports, scores in
 * hovers with provenance, a batch aborted when the text it scores changes, and nothing at all in
 * an untrusted workspace.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HoverRequest, type MarkupContent } from "vscode-languageserver-protocol/node";
import { componentLabel } from "../../server/src/core/reward/index";
import {
  ClearScoreCacheRequest,
  RescoreRequest,
  ScoringProgressNotification,
  type ScoringProgressParams,
} from "../../server/src/protocol/index";
import { DEMO } from "./fixtures";
import { positionOf, TestClient, waitFor } from "./harness";

interface FakeJudge {
  server: Server;
  url: string;
  requests: number;
  aborted: number;
  /** While set, replies wait until it is called. */
  hold: Promise<void> | undefined;
  release: () => void;
}

function reply(res: ServerResponse): void {
  const content = JSON.stringify({
    relevance: 8,
    coherence: 7,
    instruction_following: 9,
    reasoning_quality: 6,
    rationale: "steps follow, one slip",
  });
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      id: "chatcmpl-test",
      object: "chat.completion",
      created: 0,
      model: "fake-judge",
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    }),
  );
}

async function startJudge(): Promise<FakeJudge> {
  const judge = { requests: 0, aborted: 0, hold: undefined, release: () => {} } as unknown as FakeJudge;
  judge.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    judge.requests++;
    req.resume();
    let answered = false;
    res.on("close", () => {
      if (!answered) judge.aborted++;
    });
    const answer = (): void => {
      answered = true;
      if (!res.destroyed) reply(res);
    };
    if (judge.hold) void judge.hold.then(answer);
    else answer();
  });
  await new Promise<void>((resolve) => judge.server.listen(0, "127.0.0.1", resolve));
  judge.url = `http://127.0.0.1:${(judge.server.address() as AddressInfo).port}/v1`;
  return judge;
}

describe("remote scoring in the background", () => {
  let judge: FakeJudge;
  let folder: string;
  let client: TestClient | undefined;
  const progress: ScoringProgressParams[] = [];

  beforeAll(async () => {
    judge = await startJudge();
    folder = mkdtempSync(path.join(tmpdir(), "pns-lsp-remote-"));
    writeFileSync(
      path.join(folder, "pns.config.json"),
      JSON.stringify({ judge: { baseUrl: judge.url, model: "fake-judge" }, retries: 0, timeoutMs: 20_000 }),
    );
  });
  afterAll(async () => {
    await new Promise((resolve) => judge.server.close(resolve));
    rmSync(folder, { recursive: true, force: true });
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    progress.length = 0;
  });

  async function start(trusted: boolean): Promise<{ uri: string }> {
    const folderUri = pathToFileURL(folder).toString();
    client = await TestClient.start({
      workspaceFolders: [{ uri: folderUri, name: "remote" }],
      initializationOptions: { trusted },
      settings: { remote: { autoScore: "off" } },
    });
    client.connection.onNotification(ScoringProgressNotification, (p) => {
      progress.push(p);
    });
    const uri = `${folderUri}/demo.pns`;
    await client.open(uri, DEMO);
    return { uri };
  }

  it("scores on request with work-done progress, and shows the judge's score with provenance", async () => {
    const { uri } = await start(true);
    const result = await client!.connection.sendRequest(RescoreRequest, { uri, force: true });
    expect(result).toEqual({ samples: 4, queued: 4 });
    await waitFor("scoring to finish", () => progress.some((p) => p.done === 4 && p.pending === 0));
    // `$/progress` end and our own progress notification are separate messages: wait for both.
    const kinds = () => client!.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    await waitFor("the work-done progress to end", () => kinds().includes("end"));
    expect(kinds()[0]).toBe("begin");
    const hover = await waitFor("a hover with the judge row", async () => {
      const h = await client!.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: positionOf(DEMO, "Altogether: $48 + 24 = 62$", 3),
      });
      const value = (h?.contents as MarkupContent | undefined)?.value ?? "";
      return value.includes("fake-judge") && value;
    });
    expect(hover).toContain(`| ${componentLabel("judge")} | `);
    expect(hover).toMatch(/\| judge \| [\d.]+ \| 0\.\d\d \|/);
    expect(progress.at(-1)?.endpoints).toEqual([
      expect.objectContaining({ component: "judge", state: "ok" }),
    ]);
  });

  it("aborts a batch in flight when the text it scores changes, and keeps scores by content", async () => {
    const { uri } = await start(true);
    // The first test left its scores in the disk cache: unchanged samples would not call the judge.
    const { cleared } = await client!.connection.sendRequest(ClearScoreCacheRequest);
    expect(cleared).toBeGreaterThanOrEqual(4);
    let release!: () => void;
    judge.hold = new Promise<void>((resolve) => (release = resolve));
    const requestsBefore = judge.requests;
    await client!.connection.sendRequest(RescoreRequest, { uri, force: true });
    await waitFor("the judge to be called", () => judge.requests > requestsBefore);
    const abortedBefore = judge.aborted;
    const at = positionOf(client!.text(uri), "= 62$");
    await client!.edit(uri, { start: at, end: at }, " ");
    await waitFor("the request in flight to be aborted", () => judge.aborted > abortedBefore);
    const mark = progress.length;
    judge.hold = undefined;
    release();
    await waitFor("the rest of the queue to be scored", () =>
      progress.slice(mark).some((p) => p.pending === 0 && p.done === 3),
    );
    // Unchanged samples are known by content; only the edited one needs the judge again.
    const again = await client!.connection.sendRequest(RescoreRequest, { uri });
    expect(again).toEqual({ samples: 4, queued: 1 });
  });

  it("never calls an endpoint in an untrusted workspace", async () => {
    const { uri } = await start(false);
    const before = judge.requests;
    const result = await client!.connection.sendRequest(RescoreRequest, { uri, force: true });
    expect(result.queued).toBe(0);
    const hover = await client!.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: positionOf(DEMO, "Altogether: $48 + 24 = 62$", 3),
    });
    expect((hover!.contents as MarkupContent).value).not.toContain("judge");
    expect(judge.requests).toBe(before);
  });
});
