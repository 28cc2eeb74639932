import { describe, expect, it } from "vitest";
import { smoothEma } from "../../../webview/src/logic/smoothing";

describe("smoothEma (TensorBoard's debiased EMA)", () => {
  it("returns the raw series at weight 0", () => {
    expect(smoothEma([1, 2, null, 4], 0)).toEqual([1, 2, null, 4]);
  });

  it("starts at the first value instead of being dragged towards 0", () => {
    const out = smoothEma([10, 10, 10], 0.9);
    for (const v of out) expect(v).toBeCloseTo(10, 12);
  });

  it("matches the debiased formula step by step", () => {
    const w = 0.6;
    const ys = [1, 3, 2, 5];
    let last = 0;
    const expected = ys.map((y, i) => {
      last = last * w + (1 - w) * y;
      return last / (1 - w ** (i + 1));
    });
    const out = smoothEma(ys, w);
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it("passes gaps through without resetting or counting them", () => {
    const out = smoothEma([2, null, Number.NaN, 2], 0.5);
    expect(out[1]).toBeNull();
    expect(out[2]).toBeNaN();
    expect(out[3]).toBeCloseTo(2, 12);
  });

  it("clamps a weight of 1 so the line still moves", () => {
    const out = smoothEma([0, 100], 1);
    expect(out[1]).toBeGreaterThan(0);
  });
});
