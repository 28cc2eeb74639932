import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { build } from "esbuild";
import { DiskCache, type CacheEntry } from "../../server/src/scoring/cache/diskCache";
import { cacheKey } from "../../server/src/scoring/cache/key";
import { redactUrl } from "../../server/src/scoring/redact";
import { ScoringService } from "../../server/src/scoring/service";
import type { RemoteScored } from "../../server/src/scoring/types";
import { OpenAiStub, chatReply, classifyReply, judgeJson } from "../support/openaiStub";
import { judgeSettings, rmSettings } from "./settings";

let stub: OpenAiStub;
let dir: string;
beforeAll(async () => (stub = await OpenAiStub.start()));
afterAll(async () => stub.close());
beforeEach(() => {
  stub.reset();
  dir = mkdtempSync(path.join(tmpdir(), "pns-cache-"));
  return () => rmSync(dir, { recursive: true, force: true });
});

const item = { problem: "What is 2+2?", response: "2+2 = 5, so \\boxed{5}", gold: "4" };

function allFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? allFiles(path.join(root, entry.name)) : [path.join(root, entry.name)],
  );
}

describe("cache key", () => {
  const base = {
    component: "judge" as const,
    problem: "p",
    gold: null,
    response: "r",
    model: "m",
    promptVersion: "judge-v1#abc",
    settings: { temperature: 0, maxTokens: 300 },
  };
  it("is a SHA-256 hex digest that ignores settings order", () => {
    expect(cacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...base, settings: { maxTokens: 300, temperature: 0 } })).toBe(cacheKey(base));
  });
  it.each([
    ["problem", { problem: "p2" }],
    ["gold", { gold: "g" }],
    ["response", { response: "r2" }],
    ["model", { model: "m2" }],
    ["prompt version", { promptVersion: "judge-v2#def" }],
    ["settings", { settings: { temperature: 0.7, maxTokens: 300 } }],
    ["component", { component: "rm" as const }],
  ])("changes with the %s", (_, change) => {
    expect(cacheKey({ ...base, ...change })).not.toBe(cacheKey(base));
  });
  it("cannot be confused by field boundaries", () => {
    expect(cacheKey({ ...base, problem: "ab", response: "c" })).not.toBe(
      cacheKey({ ...base, problem: "a", response: "bc" }),
    );
  });
});

describe("redactUrl", () => {
  it.each([
    [
      "https://user:pw@api.example.com/v1?api-key=XYZ&api-version=2024-06-01",
      "https://api.example.com/v1?api-version=2024-06-01",
    ],
    ["http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"],
    ["https://h/v1?token=a&sig=b&access_token=c#frag", "https://h/v1"],
    ["not a url sk-123", "<invalid url>"],
  ])("%s -> %s", (raw, clean) => {
    expect(redactUrl(raw)).toBe(clean);
  });
});

describe("score cache", () => {
  it("serves the second request from disk with the original provenance, and stores no inputs or keys", async () => {
    stub.enqueue("/v1/chat/completions", chatReply(judgeJson({ relevance: 9 })));
    stub.enqueue("/classify", classifyReply([2.5]));
    const secret = "sk-cache-test-SECRET";
    const options = () => ({
      judge: judgeSettings(stub.baseUrl, { apiKeyEnv: "PNS_JUDGE_API_KEY" }),
      rewardModel: rmSettings(`http://user:pw@127.0.0.1:${new URL(stub.url).port}/v1?api_key=${secret}`),
      env: { PNS_JUDGE_API_KEY: secret },
      cache: new DiskCache({ dir }),
    });
    const first = await new ScoringService(options()).score([item]);
    const second = new ScoringService(options());
    const again = await second.score([item]);
    expect(stub.requests).toHaveLength(2);
    expect(second.usage().judge.cacheHits).toBe(1);
    expect(second.usage().rm.cacheHits).toBe(1);

    const judgeFirst = first[0].judge as RemoteScored;
    const judgeAgain = again[0].judge as RemoteScored;
    expect(judgeFirst.cached).toBe(false);
    expect(judgeAgain.cached).toBe(true);
    expect(judgeAgain.score).toBe(judgeFirst.score);
    expect(judgeAgain.provenance).toEqual(judgeFirst.provenance);
    expect(judgeAgain.judge!.rationale).toBe(judgeFirst.judge!.rationale);
    expect((again[0].rm as RemoteScored).rm!.raw).toBe(2.5);

    const files = allFiles(dir);
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(path.basename(file)).toMatch(/^[0-9a-f]{64}\.json$/);
      const content = readFileSync(file, "utf8");
      expect(content).not.toContain(secret);
      expect(content).not.toContain("user:pw");
      expect(content).not.toContain(item.problem);
      expect(content).not.toContain(item.response);
      const entry = JSON.parse(content) as CacheEntry;
      expect(entry.provenance.model).toMatch(/^stub-/);
      expect(Date.parse(entry.provenance.scoredAt)).not.toBeNaN();
    }
    expect((again[0].rm as RemoteScored).provenance.endpoint).toBe(
      `http://127.0.0.1:${new URL(stub.url).port}/classify`,
    );
  });

  it("applies the current transform to a cached raw score", async () => {
    stub.enqueue("/classify", classifyReply([1]));
    const cache = new DiskCache({ dir });
    await new ScoringService({ rewardModel: rmSettings(stub.url), cache }).score([item], ["rm"]);
    const steeper = rmSettings(stub.url, { transform: { type: "sigmoid", scale: 3, shift: 0 } });
    const [result] = await new ScoringService({ rewardModel: steeper, cache }).score([item], ["rm"]);
    expect(stub.requests).toHaveLength(1);
    expect((result.rm as RemoteScored).score).toBeCloseTo(1 / (1 + Math.exp(-3)), 12);
  });

  it("does not cache unscored results", async () => {
    stub.enqueue("/classify", classifyReply([]));
    stub.enqueue("/classify", classifyReply([0.5]));
    const cache = new DiskCache({ dir });
    const s = () => new ScoringService({ rewardModel: rmSettings(stub.url), cache });
    expect((await s().score([item], ["rm"]))[0].rm).toHaveProperty("unscored");
    expect((await s().score([item], ["rm"]))[0].rm).toHaveProperty("score");
    expect(stub.requests).toHaveLength(2);
  });

  it("reads a corrupt or foreign entry as a miss", async () => {
    const cache = new DiskCache({ dir });
    const key = "ab".repeat(32);
    await cache.set(key, { schema: 1, component: "rm", value: { raw: 1 }, provenance: {} as never });
    const file = path.join(dir, "ab", `${key}.json`);
    writeFileSync(file, '{"schema": 1, "compo');
    expect(await cache.get(key)).toBeUndefined();
    writeFileSync(file, JSON.stringify({ schema: 99, value: {}, provenance: {} }));
    expect(await cache.get(key)).toBeUndefined();
    writeFileSync(
      file,
      JSON.stringify({ schema: 1, component: "rm", value: { raw: "high" }, provenance: {} }),
    );
    expect(await cache.get(key)).toBeUndefined();
    const judge = {
      rawCriteria: { relevance: 42, coherence: 5, instructionFollowing: 5, reasoning: 5 },
      rationale: "",
    };
    writeFileSync(file, JSON.stringify({ schema: 1, component: "judge", value: { judge }, provenance: {} }));
    expect(await cache.get(key)).toBeUndefined();
    judge.rawCriteria.relevance = 4;
    writeFileSync(file, JSON.stringify({ schema: 1, component: "judge", value: { judge }, provenance: {} }));
    expect(await cache.get(key)).toBeDefined();
  });

  it("prunes the oldest entries beyond its size bound", async () => {
    const cache = new DiskCache({ dir, maxBytes: 2_000, pruneEvery: 1_000_000 });
    for (let i = 0; i < 40; i++) {
      const key = i.toString(16).padStart(64, "0");
      await cache.set(key, {
        schema: 1,
        component: "rm",
        value: { raw: i },
        provenance: { model: "x".repeat(80) } as never,
      });
    }
    await cache.prune();
    const sizes = allFiles(dir).map((f) => readFileSync(f).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1_600);
    expect(await cache.get((39).toString(16).padStart(64, "0"))).toBeDefined();
  });

  it("stays consistent when several processes write the same keys at once", async () => {
    const bundleDir = mkdtempSync(path.join(tmpdir(), "pns-cache-bundle-"));
    const worker = path.join(bundleDir, "worker.cjs");
    writeFileSync(
      path.join(bundleDir, "worker.ts"),
      `import { DiskCache } from ${JSON.stringify(path.resolve("server/src/scoring/cache/diskCache.ts"))};
       const [dir, id] = process.argv.slice(2);
       const cache = new DiskCache({ dir, onError: (m) => { console.error(m); process.exitCode = 1; } });
       (async () => {
         for (let round = 0; round < 30; round++) {
           await Promise.all(Array.from({ length: 20 }, (_, k) => cache.set(k.toString(16).padStart(64, "0"),
             { schema: 1, component: "rm", value: { raw: k }, provenance: { model: "writer-" + id, pad: "x".repeat(4000) } })));
         }
       })();`,
    );
    await build({
      entryPoints: [path.join(bundleDir, "worker.ts")],
      bundle: true,
      platform: "node",
      outfile: worker,
      logLevel: "error",
    });
    const codes = await Promise.all(
      [1, 2, 3, 4].map(
        (id) =>
          new Promise<number>((resolve) => {
            const child = spawn(process.execPath, [worker, dir, String(id)], {
              stdio: ["ignore", "ignore", "inherit"],
            });
            child.on("exit", (code) => resolve(code ?? 1));
          }),
      ),
    );
    rmSync(bundleDir, { recursive: true, force: true });
    expect(codes).toEqual([0, 0, 0, 0]);
    const cache = new DiskCache({ dir });
    for (let k = 0; k < 20; k++) {
      const entry = await cache.get(k.toString(16).padStart(64, "0"));
      expect(entry?.value.raw).toBe(k);
    }
    // No temp files left behind.
    expect(allFiles(dir).every((f) => f.endsWith(".json") && !path.basename(f).startsWith("."))).toBe(true);
  });
});
