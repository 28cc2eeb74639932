import { describe, expect, it } from "vitest";
import { binOf, binValues } from "../../../webview/src/logic/histogram";

describe("binValues", () => {
  it("bins equal-width over [0, 1], the last bin closed", () => {
    const h = binValues([0, 0.05, 0.1, 0.5, 0.99, 1], 10);
    expect(h.edges).toHaveLength(11);
    expect(h.edges[10]).toBe(1);
    expect(h.counts).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
  });

  it("counts unscored and out-of-domain values apart", () => {
    const h = binValues([null, undefined, Number.NaN, -0.5, 1.5, 0.5], 2);
    expect(h.missing).toBe(3);
    expect(h.outside).toBe(2);
    expect(h.counts).toEqual([0, 1]);
  });

  it("works on a widened domain (hard penalties below 0)", () => {
    const h = binValues([-1, 0, 1], 4, -1, 1);
    expect(h.counts).toEqual([1, 0, 1, 1]);
  });

  it("rejects bad bin counts and empty domains with a clear error", () => {
    expect(() => binValues([], 0)).toThrow(/positive integer/);
    expect(() => binValues([], 3, 1, 1)).toThrow(/empty domain/);
  });

  it("binOf agrees with binValues", () => {
    for (const v of [0, 0.1, 0.35, 0.999, 1]) {
      const h = binValues([v], 10);
      expect(h.counts.indexOf(1)).toBe(binOf(v, 10));
    }
    expect(binOf(2, 10)).toBe(-1);
  });
});
