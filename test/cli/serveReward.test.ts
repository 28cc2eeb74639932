import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { build } from "esbuild";
import { UsageError } from "../../server/src/cli/command";
import { isLoopback, parseServeRewardArgs } from "../../server/src/cli/rewardServer/options";
import { serveReward } from "../../server/src/cli/rewardServer/serve";
import type { RunningRewardServer } from "../../server/src/cli/rewardServer/server";
import { captureIo } from "../support/cliIo";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pns-serve-reward-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const item = {
  prompt: "What is 6 times 7?",
  completion: "Six sevens: 6 \\times 7 = 42.\nSo the product is \\boxed{43}.",
  answer: "42",
};

function capture(env: Record<string, string> = {}) {
  return captureIo({ env, cwd: dir });
}

/** Starts `serveReward` in-process; resolves once it listens (or it exited early). */
async function serve(argv: string[], env: Record<string, string> = {}) {
  const c = capture(env);
  const stop = new AbortController();
  let listening!: (server: RunningRewardServer | undefined) => void;
  const ready = new Promise<RunningRewardServer | undefined>((resolve) => (listening = resolve));
  const exit = serveReward(parseServeRewardArgs(argv), c.io, stop.signal, listening);
  void exit.then(() => listening(undefined));
  const server = await ready;
  return { ...c, server, stop: () => stop.abort(), exit };
}

function lines(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((l) => /^PNS_[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

describe("pns serve-reward arguments", () => {
  it("has defaults and reads every option", () => {
    expect(parseServeRewardArgs([])).toMatchObject({
      port: 8765,
      tokenEnv: "PNS_REWARD_TOKEN",
      maxItems: 10_000,
    });
    expect(parseServeRewardArgs([])).not.toHaveProperty("host");
    expect(
      parseServeRewardArgs([
        "--host",
        "::1",
        "--port=0",
        "--config",
        "x.json",
        "--token-env",
        "T",
        "--max-items",
        "5",
        "--on-remote-failure",
        "partial",
        "--remote-budget-s",
        "30",
        "--no-cache",
      ]),
    ).toMatchObject({
      host: "::1",
      port: 0,
      config: "x.json",
      tokenEnv: "T",
      maxItems: 5,
      onRemoteFailure: "partial",
      remoteBudgetS: 30,
      cache: false,
    });
  });

  it.each([
    [["--port", "70000"], "--port must be an integer from 0 to 65535"],
    [["--port"], "--port needs a value"],
    [["--frobnicate"], "unknown option '--frobnicate'"],
    [["--token-env", "not a name"], "--token-env must be an environment variable name"],
    [["--on-remote-failure", "zero"], "must be null or partial"],
  ])("rejects %j", (argv, message) => {
    expect(() => parseServeRewardArgs(argv)).toThrow(UsageError);
    expect(() => parseServeRewardArgs(argv)).toThrow(message);
  });

  it.each([
    ["127.0.0.1", true],
    ["127.3.2.1", true],
    ["::1", true],
    ["[::1]", true],
    ["localhost", true],
    ["0.0.0.0", false],
    ["::", false],
    ["192.168.1.4", false],
    ["example.com", false],
  ])("isLoopback(%s) = %s", (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});

describe("pns serve-reward", () => {
  it("binds loopback, prints the URL and a generated token, scores with it, and stops cleanly", async () => {
    const run = await serve(["--port", "0", "--no-cache"]);
    expect(run.server).toBeDefined();
    const printed = lines(run.out());
    expect(printed.PNS_REWARD_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.PNS_REWARD_TOKEN).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(run.err()).toContain("local only: no reward model or judge configured");

    const unauthorised = await fetch(`${printed.PNS_REWARD_URL}/v1/reward`, { method: "POST", body: "[]" });
    expect(unauthorised.status).toBe(401);
    const response = await fetch(`${printed.PNS_REWARD_URL}/v1/reward`, {
      method: "POST",
      headers: { authorization: `Bearer ${printed.PNS_REWARD_TOKEN}` },
      // The second answer is in another unit than the gold: ungradable, so never paid.
      body: JSON.stringify({
        items: [
          item,
          {
            ...item,
            answer: "42 cm",
            completion: "Six sevens: 6 \\times 7 = 42.\nSo it is \\boxed{42 \\text{ inches}}.",
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      results: Array<{
        components: Record<string, number | null>;
        gradable: boolean;
        ungradable_reason?: string;
        reward: number | null;
      }>;
    };
    expect(body.results[0].components.accuracy).toBe(1);
    expect(body.results[0].gradable).toBe(true);
    expect(body.results[0].ungradable_reason).toBeUndefined();
    expect(body.results[1].gradable).toBe(false);
    expect(body.results[1].ungradable_reason).toMatch(/\S/);
    expect(body.results[1].components.accuracy).toBeNull();
    expect(body.results[1].reward).toBeNull();

    run.stop();
    expect(await run.exit).toBe(0);
    expect(run.err()).toContain("shutting down");
    await expect(fetch(`${printed.PNS_REWARD_URL}/health`)).rejects.toThrow();
  });

  it("takes the token from the named variable and does not print it", async () => {
    const secret = "token-from-the-environment-123456";
    const run = await serve(["--port", "0", "--no-cache", "--token-env", "MY_TOKEN"], { MY_TOKEN: secret });
    const printed = lines(run.out());
    expect(printed.PNS_REWARD_TOKEN_ENV).toBe("MY_TOKEN");
    expect(run.out() + run.err()).not.toContain(secret);
    const response = await fetch(`${printed.PNS_REWARD_URL}/v1/reward`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}` },
      body: JSON.stringify([item]),
    });
    expect(response.status).toBe(200);
    run.stop();
    expect(await run.exit).toBe(0);
  });

  it("refuses a non-loopback address that did not come from --host", async () => {
    const run = await serve(["--port", "0", "--no-cache"], { PNS_REWARD_HOST: "0.0.0.0" });
    expect(run.server).toBeUndefined();
    expect(await run.exit).toBe(2);
    expect(run.err()).toContain("refusing to bind 0.0.0.0 from PNS_REWARD_HOST: pass --host 0.0.0.0");
  });

  it("binds a non-loopback address given with --host, with a warning", async () => {
    const run = await serve(["--host", "0.0.0.0", "--port", "0", "--no-cache"]);
    expect(run.server).toBeDefined();
    expect(run.err()).toContain(
      "warning: binding 0.0.0.0: the reward server is reachable from other machines",
    );
    const port = new URL(lines(run.out()).PNS_REWARD_URL).port;
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    run.stop();
    expect(await run.exit).toBe(0);
  });

  it("reports configuration errors with file:line:col and exits 2", async () => {
    const config = path.join(dir, "bad.config.json");
    writeFileSync(config, '{\n  "weights": {"format": "heavy"}\n}\n');
    const run = await serve(["--port", "0", "--config", config]);
    expect(run.server).toBeUndefined();
    expect(await run.exit).toBe(2);
    expect(run.err()).toMatch(/bad\.config\.json:2:\d+: error: weights\.format/);
  });

  it("uses the reward-model section of the config", async () => {
    const config = path.join(dir, "rm.config.json");
    writeFileSync(
      config,
      JSON.stringify({ rewardModel: { baseUrl: "http://127.0.0.1:9/v1", model: "rm" }, retries: 0 }),
    );
    const run = await serve(["--port", "0", "--config", config, "--no-cache"]);
    expect(run.err()).toContain("components: format, accuracy, cot, rm");
    const health = (await (await fetch(`${lines(run.out()).PNS_REWARD_URL}/health`)).json()) as {
      remote: string[];
    };
    expect(health.remote).toEqual(["rm"]);
    run.stop();
    expect(await run.exit).toBe(0);
  });
});

describe("pns serve-reward as a process", () => {
  let child: ChildProcess | undefined;
  afterAll(() => child?.kill("SIGKILL"));

  it("shuts down gracefully on SIGTERM with exit code 0", async () => {
    const entry = path.join(dir, "entry.ts");
    const bundle = path.join(dir, "serve-reward.cjs");
    writeFileSync(
      entry,
      `import { serveRewardCommand } from ${JSON.stringify(path.resolve("server/src/cli/commands/serveReward.ts"))};
       const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
       serveRewardCommand.run(process.argv.slice(2), io).then((code) => { process.exitCode = code; });`,
    );
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      target: "node20",
      // jsonc-parser's UMD build hides its requires from the bundler; take its ESM build.
      mainFields: ["module", "main"],
      outfile: bundle,
      logLevel: "error",
    });
    child = spawn(process.execPath, [bundle, "--port", "0", "--no-cache"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /PNS_REWARD_URL=(\S+)\n[\s\S]*PNS_REWARD_TOKEN=/.exec(out);
        if (match) resolve(match[1]);
      });
      child!.on("exit", (code) => reject(new Error(`exited ${code} before listening: ${err}`)));
    });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(err).toContain("shutting down");
  });
  it("stops by itself once the process named by --exit-with-parent is gone", async () => {
    const bundle = path.join(dir, "serve-reward.cjs"); // built by the test above
    const parent = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { stdio: "ignore" });
    const server = spawn(
      process.execPath,
      [bundle, "--port", "0", "--no-cache", "--exit-with-parent", String(parent.pid)],
      {
        cwd: dir,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    server.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)));
    await expect.poll(() => out, { timeout: 20_000, interval: 50 }).toContain("PNS_REWARD_TOKEN");
    parent.kill("SIGKILL");
    expect(await exited).toBe(0);
  });
});
