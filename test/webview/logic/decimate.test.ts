import { describe, expect, it } from "vitest";
import { decimateMinMax, detailLevels, levelFor, type Aligned } from "../../../webview/src/logic/decimate";

describe("min/max decimation", () => {
  it("keeps each bucket's extremes in order of occurrence, on a shared x", () => {
    const data: Aligned = [
      [1, 2, 3, 4, 5, 6, 7, 8],
      [5, 1, 9, 3, 2, 2, 2, 2],
      [null, null, null, null, 1, null, 3, 2],
    ];
    expect(decimateMinMax(data, 4)).toEqual([
      [1, 4, 5, 8],
      [1, 9, 2, 2],
      [null, null, 1, 3],
    ]);
  });

  it("leaves short data alone and keeps spikes at every level", () => {
    const short: Aligned = [
      [1, 2, 3],
      [1, 2, 3],
    ];
    expect(decimateMinMax(short, 4)).toBe(short);
    const n = 20_000;
    const y = Array.from({ length: n }, (_, i) => (i === 12_345 ? 100 : Math.sin(i)));
    const levels = detailLevels([Array.from({ length: n }, (_, i) => i), y], 500);
    expect(levels.length).toBeGreaterThan(2);
    for (const level of levels) expect(Math.max(...(level[1] as number[]))).toBe(100);
    expect(levels[levels.length - 1][0].length).toBeLessThan(3000);
  });

  it("picks the coarsest level with enough visible points", () => {
    const levels = detailLevels(
      [Array.from({ length: 64_000 }, (_, i) => i), new Array<number>(64_000).fill(1)],
      500,
    );
    expect(levelFor(levels, 1, 1200)).toBeGreaterThan(0);
    expect(levelFor(levels, 0.01, 1200)).toBe(0);
  });
});
