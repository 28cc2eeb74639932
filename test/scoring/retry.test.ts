import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../server/src/scoring/retryAfter";
import { backoffDelay, withRetries } from "../../server/src/scoring/retry";
import { RemoteError } from "../../server/src/scoring/errors";
import { Limiter } from "../../server/src/scoring/limiter";
import { fastRetry } from "./settings";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    ["3", 3000],
    ["0", 0],
    ["0.25", 250],
    [" 12 ", 12000],
    ["Thu, 01 Jan 2026 00:00:05 GMT", 5000],
    ["Wed, 31 Dec 2025 23:59:00 GMT", 0],
  ])("reads %j as %d ms", (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });
  it.each([null, undefined, "", "soon", "-1", "1e3"])("ignores %j", (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  const settings = { ...fastRetry, baseDelayMs: 100, maxDelayMs: 1000 };
  it("doubles per retry, jittered between half and the whole nominal delay, capped", () => {
    expect(backoffDelay(0, settings, () => 0)).toBe(50);
    expect(backoffDelay(0, settings, () => 1)).toBe(100);
    expect(backoffDelay(2, settings, () => 0)).toBe(200);
    expect(backoffDelay(2, settings, () => 0.999)).toBeLessThan(400);
    expect(backoffDelay(10, settings, () => 1)).toBe(1000);
  });
});

describe("withRetries", () => {
  it("retries retryable errors and stops at the first success", async () => {
    let calls = 0;
    const stats = { attempts: 0 };
    const value = await withRetries(
      () => (++calls < 3 ? Promise.reject(new RemoteError("http", "HTTP 503", 503)) : Promise.resolve("ok")),
      fastRetry,
      undefined,
      stats,
    );
    expect(value).toBe("ok");
    expect(stats.attempts).toBe(3);
  });

  it("does not retry a 400 or a config error", async () => {
    for (const error of [new RemoteError("http", "HTTP 400", 400), new RemoteError("config", "no key")]) {
      let calls = 0;
      await expect(withRetries(() => (calls++, Promise.reject(error)), fastRetry)).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });

  it("gives up after maxRetries with the last error", async () => {
    let calls = 0;
    await expect(
      withRetries(
        () => (calls++, Promise.reject(new RemoteError("timeout", "no reply within 10 ms"))),
        fastRetry,
      ),
    ).rejects.toThrow("no reply within 10 ms");
    expect(calls).toBe(fastRetry.maxRetries + 1);
  });

  it("refuses a Retry-After over the limit instead of stalling", async () => {
    const error = new RemoteError("http", "HTTP 429", 429, 60_000);
    await expect(withRetries(() => Promise.reject(error), fastRetry)).rejects.toThrow(
      /retry after 60 s, over the 5 s limit/,
    );
  });

  it("stops waiting as soon as the signal aborts", async () => {
    const controller = new AbortController();
    const slow = { ...fastRetry, baseDelayMs: 60_000, maxDelayMs: 60_000 };
    const started = Date.now();
    const run = withRetries(
      () => {
        queueMicrotask(() => controller.abort(new Error("user cancelled")));
        return Promise.reject(new RemoteError("http", "HTTP 500", 500));
      },
      slow,
      controller.signal,
    );
    await expect(run).rejects.toMatchObject({ kind: "aborted", message: "cancelled: user cancelled" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("Limiter", () => {
  it("never runs more than its limit at once and runs everything", async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const tasks = Array.from({ length: 10 }, (_, i) =>
      limiter.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise<void>((resolve) => gates.push(resolve));
        active--;
        return i;
      }),
    );
    // Release tasks one by one as they start; each release lets a queued task in.
    for (let released = 0; released < 10; released++) {
      await expect.poll(() => gates.length).toBeGreaterThan(released);
      expect(limiter.inFlight).toBeLessThanOrEqual(3);
      gates[released]();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
  });

  it("drops an aborted waiter from the queue without taking a slot", async () => {
    const limiter = new Limiter(1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const second = limiter.run(() => Promise.resolve("never"), controller.signal);
    controller.abort();
    await expect(second).rejects.toMatchObject({ kind: "aborted" });
    release();
    await first;
    expect(limiter.inFlight).toBe(0);
    await expect(limiter.run(() => Promise.resolve("next"))).resolves.toBe("next");
  });
});
