/**
 * The curves panel's samples.jsonl reader on what the jobs really write: the samples.jsonl and
 * metrics.jsonl of the tiny reverse-RL and DPO runs (test/webview/fixtures/jobs-samples/).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseSampleLine, pickSamples } from "../../../client/src/runDirectory/samplesFile";
import type { LoggedSample } from "../../../webview/src/shared/protocol";

const FIXTURES = fileURLToPath(new URL("../fixtures/jobs-samples/", import.meta.url));

function jsonLines(job: string, file: string): string[] {
  const text = readFileSync(path.join(FIXTURES, job, file), "utf8");
  expect(text.endsWith("\n")).toBe(true); // whole lines only
  return text.split("\n").filter((line) => line !== "");
}

function read(job: string): { samples: LoggedSample[]; metrics: Record<string, unknown>[] } {
  const samples = jsonLines(job, "samples.jsonl").map((line) => {
    const sample = parseSampleLine(line);
    expect(sample, line.slice(0, 120)).toBeDefined(); // every line the job wrote is readable
    return sample!;
  });
  const metrics = jsonLines(job, "metrics.jsonl").map((line) => JSON.parse(line) as Record<string, unknown>);
  return { samples, metrics };
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe("samples.jsonl from the reverse-RL job", () => {
  const { samples, metrics } = read("reverse-rl");
  const rewardRows = metrics.filter((m) => typeof m.reward === "number");

  it("holds rollouts with the reward, its components, gold and problem id", () => {
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) {
      expect(s.kind).toBe("rollout");
      expect(typeof s.completion).toBe("string");
      expect(typeof s.reward).toBe("number");
      expect(s.chosen).toBeUndefined();
      expect(Object.keys(s.extra ?? {})).toEqual(
        expect.arrayContaining([
          "rewards/pns_format",
          "rewards/pns_accuracy",
          "rewards/pns_cot",
          "gold",
          "problem_id",
        ]),
      );
    }
  });

  it("logs on the steps of the reward curve, whose points are the samples' mean", () => {
    const steps = [...new Set(samples.map((s) => s.step))];
    expect(steps).toEqual(rewardRows.map((m) => m.step));
    for (const row of rewardRows) {
      const here = samples.filter((s) => s.step === row.step).map((s) => s.reward!);
      expect(mean(here)).toBeCloseTo(row.reward as number, 5);
    }
  });

  it("opens a point's rollouts lowest reward first", () => {
    const step = rewardRows[1].step as number;
    const picked = pickSamples(samples, step);
    expect(picked.step).toBe(step);
    expect(picked.note).toBeUndefined();
    const rewards = picked.samples.map((s) => s.reward!);
    expect(rewards).toEqual([...rewards].sort((a, b) => a - b));
    expect(picked.samples.length).toBe(samples.filter((s) => s.step === step).length);
  });
});

describe("samples.jsonl from the DPO job", () => {
  const { samples, metrics } = read("dpo");
  const marginRows = metrics.filter((m) => typeof m["rewards/margins"] === "number");

  it("holds pairs with both sides, the margin and the per-side rewards", () => {
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) {
      expect(s.kind).toBe("pair");
      expect(s.chosen && s.rejected).toBeTruthy();
      expect(typeof s.margin).toBe("number");
      const extra = s.extra ?? {};
      expect(s.margin!).toBeCloseTo(
        (extra["rewards/chosen"] as number) - (extra["rewards/rejected"] as number),
        6,
      );
      expect(typeof extra.problem_id).toBe("string");
    }
  });

  it("logs on the steps of the margin curve, whose points are the pairs' mean", () => {
    expect([...new Set(samples.map((s) => s.step))]).toEqual(marginRows.map((m) => m.step));
    for (const row of marginRows) {
      const here = samples.filter((s) => s.step === row.step).map((s) => s.margin!);
      expect(mean(here)).toBeCloseTo(row["rewards/margins"] as number, 5);
    }
  });

  it("opens the nearest logged step from a point past the last one", () => {
    const last = marginRows[marginRows.length - 1].step as number;
    const picked = pickSamples(samples, last + 50);
    expect(picked.step).toBe(last);
    expect(picked.note).toMatch(/nearest/);
    const margins = picked.samples.map((s) => s.margin!);
    expect(margins).toEqual([...margins].sort((a, b) => a - b));
  });
});
