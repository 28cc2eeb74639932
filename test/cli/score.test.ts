import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../server/src/cli/main";
import { OpenAiStub, chatReply, classifyReply, judgeJson } from "../support/openaiStub";
import { captureIo } from "../support/cliIo";

function capture(cwd: string, tty = false) {
  return captureIo({ cwd, tty });
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "pns-score-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const DATA = `@pns 1

@problem p1
Natalia sold 48 clips in April and half as many in May. How many in total?

@answer 72
@positive
In May she sold $48 / 2 = 24$ clips.
Altogether: $48 + 24 = 72$.

The answer is $\\boxed{72}$.

@negative
In May she sold $48 / 2 = 24$ clips.
Altogether: $48 + 24 = 62$.

The answer is $\\boxed{62}$.

@negative
In May she sold some clips and then we
`;

interface ScoreJson {
  files: {
    file: string;
    summary: Record<string, number | null>;
    samples: {
      reward: number | null;
      outcome: string;
      used: string[];
      components: {
        name: string;
        value: number | null;
        weight: number;
        provenance?: Record<string, unknown>;
      }[];
      firstSlip?: { text: string; line: number; column: number };
    }[];
  }[];
}

describe("pns score (local components)", () => {
  it("prints each sample's components, composite and reasons", async () => {
    const dir = workspace({ "data.pns": DATA });
    const c = capture(dir);
    expect(await runCli(["score", "data.pns"], c.io)).toBe(0);
    const out = c.out();
    expect(out).toContain("p1 #1 positive reward 0.000 (correct)  data.pns:7");
    expect(out).toMatch(/p1 #2 negative reward 0\.\d+ \(plausibility\) {2}data\.pns:13/);
    expect(out).toMatch(
      /localCot +0\.667 ×0\.60 +1 of 2 arithmetic claims are false; first: 48 \+ 24 = 62 \(72 ≠ 62\)/,
    );
    expect(out).toContain("p1 #3 negative reward -1.000 (malformed)");
    expect(out).toContain("3 samples: 1 correct, 1 scored for plausibility, 1 malformed, 0 unscorable");
    expect(c.err()).toContain("pns score: no judge or reward model configured: local components only");
  });

  it("writes JSON", async () => {
    const dir = workspace({ "data.pns": DATA });
    const c = capture(dir);
    expect(await runCli(["score", "data.pns", "--format", "json"], c.io)).toBe(0);
    const { files } = JSON.parse(c.out()) as ScoreJson;
    const [pos, neg, bad] = files[0].samples;
    expect(pos).toMatchObject({ reward: 0, outcome: "correct", used: ["accuracy"] });
    expect(neg).toMatchObject({ outcome: "plausibility", used: ["accuracy", "format", "localCot"] });
    expect(neg.reward).toBeCloseTo((0.1 * 1 + 0.15 * (2 / 3)) / 0.25, 12);
    expect(neg.firstSlip).toEqual({ text: "48 + 24 = 62", line: 15, column: 14 });
    expect(bad).toMatchObject({ reward: -1, outcome: "malformed", used: ["format"] });
    expect(files[0].summary).toMatchObject({ samples: 3, correct: 1, plausibility: 1, malformed: 1 });
  });

  it("draws a progress bar on a terminal only", async () => {
    const dir = workspace({ "data.pns": DATA });
    const tty = capture(dir, true);
    await runCli(["score", "data.pns"], tty.io);
    expect(tty.err()).toContain("analysing data.pns [");
    const piped = capture(dir, false);
    await runCli(["score", "data.pns"], piped.io);
    expect(piped.err()).not.toContain("[");
  });
});

describe("pns score with endpoints configured", () => {
  let stub: OpenAiStub;
  beforeAll(async () => (stub = await OpenAiStub.start()));
  afterAll(async () => stub.close());

  function configured(): string {
    return workspace({
      "data.pns": DATA,
      "pns.config.json": JSON.stringify({
        rewardModel: { baseUrl: stub.url, model: "stub-rm", kind: "classify" },
        judge: { baseUrl: stub.baseUrl, model: "stub-judge" },
        retries: 0,
        timeoutMs: 5000,
      }),
    });
  }

  it("scores remotely through the scoring service and uses every component", async () => {
    stub.reset();
    // Plain text (the default input form) batches the samples: one score per input.
    stub.setDefault("/classify", (r) => classifyReply((r.body as { input: string[] }).input.map(() => 2)));
    stub.setDefault("/v1/chat/completions", () => chatReply(judgeJson({ relevance: 10 }, "Fine.")));
    const dir = configured();
    const c = capture(dir);
    expect(await runCli(["score", "data.pns", "--format", "json"], c.io)).toBe(0);
    expect(c.err()).toContain("remote components: reward model stub-rm, judge stub-judge");
    const neg = (JSON.parse(c.out()) as ScoreJson).files[0].samples[1];
    expect(neg.used).toEqual(["accuracy", "format", "rewardModel", "judge", "localCot"]);
    const rm = neg.components.find((x) => x.name === "rewardModel")!;
    expect(rm.value).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    expect(rm.provenance).toMatchObject({ model: "stub-rm", raw: 2, cached: false });
    expect(neg.components.find((x) => x.name === "judge")!.provenance).toMatchObject({ model: "stub-judge" });
    // The second run is served from the on-disk cache.
    const again = capture(dir);
    await runCli(["score", "data.pns", "--format", "json"], again.io);
    const cached = (JSON.parse(again.out()) as ScoreJson).files[0].samples[1];
    expect(cached.components.find((x) => x.name === "rewardModel")!.provenance).toMatchObject({
      cached: true,
    });
  });

  it("keeps scoring locally when the endpoints fail, and says why", async () => {
    stub.reset();
    stub.setDefault("/classify", () => ({ kind: "drop" }));
    stub.setDefault("/v1/chat/completions", () => ({ kind: "drop" }));
    const dir = configured();
    const c = capture(dir);
    expect(await runCli(["score", "data.pns", "--format", "json"], c.io)).toBe(0);
    const neg = (JSON.parse(c.out()) as ScoreJson).files[0].samples[1];
    expect(neg.used).toEqual(["accuracy", "format", "localCot"]);
    expect(neg.components.find((x) => x.name === "rewardModel")).toMatchObject({ value: null, weight: 0 });
  });

  it("--local never calls the endpoints", async () => {
    stub.reset();
    const dir = configured();
    const c = capture(dir);
    expect(await runCli(["score", "data.pns", "--local"], c.io)).toBe(0);
    expect(stub.requests).toHaveLength(0);
    expect(c.err()).toContain("--local: not calling reward model stub-rm and judge stub-judge");
  });
});
