import { describe, expect, it } from "vitest";
import { startAnnouncingChild, type AnnouncingChildOptions } from "../../server/src/jobs/announcingChild";

class StartError extends Error {}

/** A Node child running `script`, ready once it has printed `PNS_URL=` and `PNS_TOKEN=`. */
function start(
  script: string,
  options: Partial<AnnouncingChildOptions<{ url: string; token: string }>> = {},
) {
  return startAnnouncingChild({
    command: [process.execPath, "-e", script],
    env: process.env,
    name: "the test server",
    exitWithParent: false,
    graceMs: 5_000,
    error: (message) => new StartError(message),
    ready: (values) =>
      values.PNS_URL && values.PNS_TOKEN ? { url: values.PNS_URL, token: values.PNS_TOKEN } : undefined,
    ...options,
  });
}

/** Stays alive until stopped (a timer keeps the event loop busy). */
const STAY = "setInterval(() => {}, 1000);";

describe("startAnnouncingChild", () => {
  it("resolves with what its KEY=value lines say, even split across writes, and stops it", async () => {
    const lines: string[] = [];
    const child = await start(
      `process.stdout.write("hello\\nPNS_URL=http://127.0.0.1:1\\nPNS_TO"); setTimeout(() => process.stdout.write("KEN=abc\\r\\n"), 50); ${STAY}`,
      { onLine: (line) => lines.push(line) },
    );
    expect(child.result).toEqual({ url: "http://127.0.0.1:1", token: "abc" });
    expect(lines).toEqual(["hello"]);
    await child.stop();
  });

  it("rejects with the last lines of its output when it exits before it is ready", async () => {
    await expect(start(`console.error("port in use"); process.exit(3);`)).rejects.toThrow(
      new StartError("the test server exited (code 3) before it was ready: port in use"),
    );
  });

  it("rejects with the reason of a failure line, after stopping it", async () => {
    await expect(
      start(`console.log("PNS_FAILED=the judge never became healthy"); ${STAY}`, {
        failureKey: "PNS_FAILED",
      }),
    ).rejects.toThrow(new StartError("the judge never became healthy"));
  });

  it("rejects when it stays silent past the deadline", async () => {
    // Its output may or may not have come by then (a loaded machine starts Node slowly).
    const started = start(`console.error("loading"); ${STAY}`, { timeoutMs: 300 });
    await expect(started).rejects.toThrow(StartError);
    await expect(started).rejects.toThrow(
      /^the test server did not print its address within 0\.3s(: loading)?$/,
    );
  });

  it("rejects when the start is cancelled", async () => {
    const abort = new AbortController();
    const started = start(`console.log("starting"); ${STAY}`, {
      signal: abort.signal,
      abortReason: "cancelled by the user",
      onLine: () => abort.abort(),
    });
    await expect(started).rejects.toThrow(new StartError("cancelled by the user"));
  });

  it("rejects when the program cannot start", async () => {
    await expect(
      startAnnouncingChild({
        command: ["/nonexistent/pns-test-server"],
        env: process.env,
        name: "the test server",
        exitWithParent: true,
        graceMs: 1_000,
        error: (message) => new StartError(message),
        ready: () => undefined,
      }),
    ).rejects.toThrow(/^cannot start the test server \(\/nonexistent\/pns-test-server\): spawn .* ENOENT/);
  });
});
