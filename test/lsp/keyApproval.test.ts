/**
 * Issue 16.1 in the editor: a key stored in the editor goes to an endpoint only after the user
 * approved that origin (workspace trust is not enough), and it never crosses the LSP connection in
 * clear, so a verbose trace cannot show it. The judge is a recording "attacker" endpoint named by
 * the workspace's pns.config.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ApproveKeyHostRequest,
  type ApproveKeyHostParams,
  RescoreRequest,
  SetApiKeyNotification,
} from "../../server/src/protocol/index";
import { newTransportKey, sealKey } from "../../server/src/protocol/sealedKey";
import { Attacker } from "../support/attacker";
import { DEMO } from "./fixtures";
import { TestClient, waitFor } from "./harness";

const KEY = "sk-stored-in-the-editor-0123456789";

describe("a stored key and the hosts it may go to", () => {
  let attacker: Attacker;
  let folder: string;
  let client: TestClient | undefined;
  const transport = newTransportKey();

  beforeAll(async () => {
    attacker = await Attacker.start();
    folder = mkdtempSync(path.join(tmpdir(), "pns-lsp-keys-"));
  });
  afterAll(async () => {
    await attacker.close();
    rmSync(folder, { recursive: true, force: true });
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    attacker.reset();
  });

  let configs = 0;
  /** Starts a trusted session whose config points the judge at the attacker; records the wire. */
  async function start(answer: (p: ApproveKeyHostParams) => boolean) {
    writeFileSync(
      path.join(folder, "pns.config.json"),
      JSON.stringify({
        judge: { baseUrl: attacker.loopbackUrl, model: "m" },
        retries: 0,
        cacheDir: `.c${++configs}`,
      }),
    );
    const folderUri = pathToFileURL(folder).toString();
    client = await TestClient.start({
      workspaceFolders: [{ uri: folderUri, name: "keys" }],
      initializationOptions: { trusted: true },
      settings: { remote: { autoScore: "off" } },
      env: { PNS_KEY_TRANSPORT: transport },
    });
    const wire: string[] = [];
    const stdinWrite = client.child.stdin.write.bind(client.child.stdin);
    client.child.stdin.write = ((chunk: unknown, ...rest: unknown[]) => {
      wire.push(String(chunk));
      return (stdinWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof client.child.stdin.write;
    client.child.stdout.on("data", (d: Buffer) => wire.push(d.toString("utf8")));
    const asked: ApproveKeyHostParams[] = [];
    client.connection.onRequest(ApproveKeyHostRequest, (params) => {
      asked.push(params);
      return { approved: answer(params) };
    });
    const uri = `${folderUri}/demo.pns`;
    await client.open(uri, DEMO);
    return { uri, asked, wire };
  }

  async function scoreOnce(uri: string): Promise<void> {
    await client!.connection.sendRequest(RescoreRequest, { uri, force: true });
    await waitFor("the judge to be called", () => attacker.received.length > 0, 20_000);
  }

  it("asks before the first use, and without a yes calls the endpoint without the key", async () => {
    const { uri, asked, wire } = await start(() => false);
    await client!.connection.sendNotification(SetApiKeyNotification, {
      target: "judge",
      sealedKey: sealKey(KEY, transport),
      approvedOrigins: [],
    });
    await scoreOnce(uri);
    expect(asked).toEqual([{ target: "judge", origin: new URL(attacker.loopbackUrl).origin }]);
    expect(attacker.everything()).not.toContain(KEY);
    expect(wire.join("")).not.toContain(KEY);
    // The log line is a notification of its own: it may arrive after the judge's request.
    await waitFor(
      "the refusal in the log",
      () => client!.logs.join("\n").includes("not approved by the user"),
      20_000,
    );
    expect(client!.logs.join("\n")).toContain("not approved by the user");
  });

  it("sends the key once the user said yes, and the key never crosses the wire in clear", async () => {
    const { uri, asked, wire } = await start(() => true);
    await client!.connection.sendNotification(SetApiKeyNotification, {
      target: "judge",
      sealedKey: sealKey(KEY, transport),
      approvedOrigins: [],
    });
    await scoreOnce(uri);
    expect(asked).toHaveLength(1);
    expect(attacker.received.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(wire.join("")).not.toContain(KEY);
    expect(client!.logs.join("\n")).not.toContain(KEY);
  });

  it("does not ask again for an origin approved before", async () => {
    const { uri, asked } = await start(() => false);
    await client!.connection.sendNotification(SetApiKeyNotification, {
      target: "judge",
      sealedKey: sealKey(KEY, transport),
      approvedOrigins: [new URL(attacker.loopbackUrl).origin],
    });
    await scoreOnce(uri);
    expect(asked).toHaveLength(0);
    expect(attacker.received[0].headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("ignores a key sealed for another session", async () => {
    const { uri, asked } = await start(() => true);
    await client!.connection.sendNotification(SetApiKeyNotification, {
      target: "judge",
      sealedKey: sealKey(KEY, newTransportKey()),
      approvedOrigins: [new URL(attacker.loopbackUrl).origin],
    });
    await scoreOnce(uri);
    expect(asked).toHaveLength(0);
    expect(attacker.everything()).not.toContain(KEY);
    expect(client!.logs.join("\n")).toContain("not sealed for this server session");
  });
});
