import { describe, expect, it } from "vitest";
import { AnalysisCache, approximateBytes, ByteBoundedMap } from "../../../server/src/core/analysis/index";
import { defaultSettings } from "../../../server/src/core/config/index";
import { localScore } from "../../../server/src/core/reward/index";
import { fingerprint } from "../../../server/src/core/analysis/duplicates";
import { ResponseText } from "../../../server/src/core/reward/format/responseText";

describe("approximateBytes", () => {
  it("grows with the text and the structure a value holds", () => {
    expect(approximateBytes("x".repeat(1000))).toBeGreaterThanOrEqual(2000);
    expect(approximateBytes(new Int32Array(1000))).toBeGreaterThanOrEqual(4000);
    const small = approximateBytes({ a: [1, 2, 3] });
    const big = approximateBytes({ a: Array.from({ length: 3000 }, (_, i) => ({ i, s: "claim" })) });
    expect(big).toBeGreaterThan(100 * small);
  });
});

describe("ByteBoundedMap", () => {
  it("keeps the values within the byte budget, dropping the least recently used", () => {
    const map = new ByteBoundedMap<string, number>(100);
    map.set("a", 1, 40);
    map.set("b", 2, 40);
    expect(map.get("a")).toBe(1); // a is now the most recent
    map.set("c", 3, 40);
    expect(map.peek("b")).toBeUndefined();
    expect([map.peek("a"), map.peek("c")]).toEqual([1, 3]);
    expect(map.bytes).toBe(80);
    map.set("huge", 4, 101);
    expect(map.peek("huge")).toBeUndefined();
    expect(map.bytes).toBe(80);
    map.set("a", 5, 10);
    expect(map.bytes).toBe(50);
    map.delete("c");
    expect(map.bytes).toBe(10);
  });

  it("keeps any number of small values (an entry count would not)", () => {
    const map = new ByteBoundedMap<number, number>(1_000_000);
    for (let i = 0; i < 50_000; i++) map.set(i, i, 16);
    expect(map.size).toBe(50_000);
  });
});

describe("AnalysisCache", () => {
  const settings = defaultSettings();
  const local = (response: string) => {
    const text = new ResponseText(response);
    return {
      score: localScore("4", text, settings),
      fingerprint: fingerprint(text, settings.duplicates.shingle),
    };
  };

  it("is bounded by the bytes of the scores it keeps, not by their number", () => {
    // Samples of a thousand arithmetic claims each: a few fill a small budget.
    const budget = 4 * 1024 * 1024;
    const cache = new AnalysisCache(budget);
    cache.useSettings(settings);
    const big = (k: number) =>
      Array.from({ length: 1000 }, (_, i) => `$${i} + ${k} = ${i + k}$`).join(" and ") + " so \\boxed{5}";
    const one = approximateBytes(local(big(0)));
    expect(one).toBeGreaterThan(budget / 50);
    for (let k = 0; k < 60; k++) cache.set(cache.key("4", big(k)), local(big(k)));
    expect(cache.size).toBeLessThan(60);
    expect(cache.size).toBeGreaterThan(0);
    // The most recent one is still there.
    expect(cache.get(cache.key("4", big(59)))).toBeDefined();
  });

  it("keeps nothing with a budget of 0", () => {
    const cache = new AnalysisCache(0);
    cache.useSettings(settings);
    cache.set(1, local("2 + 2 = 5, so \\boxed{5}"));
    expect(cache.size).toBe(0);
  });
});
