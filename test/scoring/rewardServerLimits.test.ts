/**
 * Issue 16.4: the reward server bounds its work. Raw sockets play the hostile clients (trickled
 * headers, unauthenticated bodies, more connections than the cap); the yielding JSON parser is
 * checked against JSON.parse and for giving the event loop turns. Speed figures live in
 * `npm run bench:reward`, not here.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  JsonLimitError,
  JsonSyntaxFailure,
  SYNC_LIMIT_CHARS,
  parseJsonYielding,
} from "../../server/src/cli/rewardServer/parseJson";
import { findJsonError } from "../../server/src/cli/rewardServer/jsonError";
import { type RunningRewardServer, startRewardServer } from "../../server/src/cli/rewardServer/server";
import { defaultSettings } from "../../server/src/core/config/defaults";
import { ScoringService } from "../../server/src/scoring/service";

const TOKEN = "limits-token-0123456789abcdef";

function start(limits: Parameters<typeof startRewardServer>[0]["limits"], maxBodyBytes?: number) {
  return startRewardServer({
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    settings: defaultSettings(),
    service: new ScoringService({}),
    limits,
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
  });
}

/** A raw client: what it has received, and a promise for the socket's close. */
function rawClient(server: RunningRewardServer, first: string) {
  const socket: Socket = connect(server.port, "127.0.0.1");
  let received = "";
  socket.on("data", (d: Buffer) => (received += d.toString("latin1")));
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  socket.write(first);
  return { socket, closed, received: () => received };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>(
      (_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)),
    ),
  ]);
}

describe("reward server limits over raw sockets", () => {
  let server: RunningRewardServer;
  beforeAll(
    async () =>
      (server = await start(
        { headersTimeoutMs: 400, requestTimeoutMs: 1_500, maxConnections: 8 },
        1024 * 1024,
      )),
  );
  afterAll(async () => server.close(100));

  it("answers 401 and closes the socket without reading a trickled body", async () => {
    const c = rawClient(
      server,
      "POST /v1/reward HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 10000000\r\n\r\n[",
    );
    const trickle = setInterval(() => c.socket.write("["), 20);
    await within(c.closed, 3_000, "socket close after 401");
    clearInterval(trickle);
    expect(c.received()).toMatch(/^HTTP\/1\.1 401/);
    expect(c.received().toLowerCase()).toContain("connection: close");
  });

  it("answers 401 and closes the socket for a chunked body trickled without a token", async () => {
    const c = rawClient(
      server,
      "POST /v1/reward HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n1\r\n[\r\n",
    );
    const trickle = setInterval(() => c.socket.write("1\r\n[\r\n"), 20);
    await within(c.closed, 3_000, "socket close after 401");
    clearInterval(trickle);
    expect(c.received()).toMatch(/^HTTP\/1\.1 401/);
  });

  it("answers 413 for a declared oversized body and closes the socket", async () => {
    const c = rawClient(
      server,
      `POST /v1/reward HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${TOKEN}\r\ncontent-length: 5000000\r\n\r\n[`,
    );
    await within(c.closed, 3_000, "socket close after 413");
    expect(c.received()).toMatch(/^HTTP\/1\.1 413/);
  });

  it("drops a client that trickles its headers past the headers timeout", async () => {
    const c = rawClient(server, "POST /v1/reward HTTP/1.1\r\nhost: x\r\n");
    const trickle = setInterval(() => c.socket.write("x-slow: 1\r\n"), 50);
    await within(c.closed, 5_000, "socket close after the headers timeout");
    clearInterval(trickle);
    expect(c.received()).not.toContain("200 OK");
  });

  it("drops an authenticated client that trickles its body past the request timeout", async () => {
    const c = rawClient(
      server,
      `POST /v1/reward HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${TOKEN}\r\ncontent-length: 100000\r\n\r\n[`,
    );
    const trickle = setInterval(() => c.socket.write(" "), 50);
    await within(c.closed, 6_000, "socket close after the request timeout");
    clearInterval(trickle);
    expect(c.received()).not.toContain("200 OK");
  });

  it("closes connections beyond the cap at once, and serves again when they are gone", async () => {
    const held = Array.from({ length: 8 }, () => rawClient(server, "GET /health HTTP/1.1\r\n"));
    await Promise.all(held.map((h) => new Promise((resolve) => h.socket.once("connect", resolve))));
    const extra = rawClient(server, "GET /health HTTP/1.1\r\nhost: x\r\n\r\n");
    await within(extra.closed, 3_000, "the connection over the cap closed");
    expect(extra.received()).toBe("");
    for (const h of held) h.socket.destroy();
    await Promise.all(held.map((h) => h.closed));
    const ok = await within(
      (async () => {
        for (;;) {
          try {
            return await fetch(`${server.url}/health`);
          } catch {
            // The server may not have seen the closes yet: try again.
          }
        }
      })(),
      5_000,
      "health after the held sockets closed",
    );
    expect(ok.status).toBe(200);
  });

  it("refuses hostile nesting with 413 instead of parsing it", async () => {
    const response = await fetch(`${server.url}/v1/reward`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: "[".repeat(900_000),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("body-too-complex");
  });
});

describe("the yielding JSON parser", () => {
  /** Values of every JSON kind, with escapes, unicode and long strings. */
  function sample(seed: number): unknown {
    let s = seed;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const text = () =>
      Array.from(
        { length: Math.floor(rnd() * 40) },
        () => ['"', "\\", "\n", "é", "😀", "a", " ", "\u0001", "/"][Math.floor(rnd() * 9)],
      ).join("");
    const value = (depth: number): unknown => {
      const r = rnd();
      if (depth > 4 || r < 0.3)
        return [text(), Math.floor(rnd() * 1e6) / 100, true, false, null, -0.5e-7][Math.floor(rnd() * 6)];
      if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 5) }, () => value(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(rnd() * 5) }, () => [text(), value(depth + 1)]),
      );
    };
    return value(0);
  }

  it("gives the value JSON.parse gives, for big bodies too", async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const big =
        " ".repeat(SYNC_LIMIT_CHARS) + JSON.stringify({ v: sample(seed), long: 'é\\"x'.repeat(100_000) });
      expect(await parseJsonYielding(big)).toEqual(JSON.parse(big));
    }
    const proto = " ".repeat(SYNC_LIMIT_CHARS) + '{"__proto__": {"polluted": true}}';
    const parsed = (await parseJsonYielding(proto)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(["__proto__"]);
  });

  it("reports the same position as the scanner for broken big bodies", async () => {
    for (const broken of [
      '{"a": [1, 2,]}',
      '{"a" 1}',
      '["x\u0001"]',
      '["\\q"]',
      "[1] 2",
      '{"a": tru}',
      '["open',
    ]) {
      const text = `${" ".repeat(SYNC_LIMIT_CHARS)}\n${broken}`;
      const error = await parseJsonYielding(text).catch((e: unknown) => e);
      expect(error, broken).toBeInstanceOf(JsonSyntaxFailure);
      const expected = findJsonError(text)!;
      expect({ line: (error as JsonSyntaxFailure).where.line }).toEqual({ line: expected.line });
    }
  });

  it("lets the event loop run while it parses a big body", async () => {
    const body = JSON.stringify(
      Array.from({ length: 20_000 }, (_, i) => ({
        prompt: `p${i}`,
        completion: "x".repeat(200),
        answer: "1",
      })),
    );
    let turns = 0;
    let running = true;
    const tick = (): void => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    await parseJsonYielding(body);
    running = false;
    expect(body.length).toBeGreaterThan(4_000_000);
    expect(turns).toBeGreaterThan(20);
  });

  it("refuses too many values", async () => {
    const text = `[${"0,".repeat(400_000)}0]`;
    await expect(
      parseJsonYielding(text, { maxDepth: 64, maxValues: 100_000, maxStringChars: 1e9 }),
    ).rejects.toBeInstanceOf(JsonLimitError);
  });
});
