/**
 * Level-of-detail for long curves: min/max decimation over buckets of `factor` consecutive points.
 * Each bucket becomes two x positions (its first and last step) and, per series, its minimum and
 * maximum in the order they occur, so spikes survive and the envelope is exact. All series share
 * the new x (uPlot draws aligned data). Nulls are skipped; an all-null bucket stays null.
 */
export type Aligned = [number[], ...(number | null)[][]];

export function decimateMinMax(data: Aligned, factor: number): Aligned {
  const [x, ...ys] = data;
  if (factor <= 2 || x.length <= factor) return data;
  const buckets = Math.ceil(x.length / factor);
  const outX: number[] = new Array<number>(buckets * 2);
  const outYs = ys.map(() => new Array<number | null>(buckets * 2).fill(null));
  for (let b = 0; b < buckets; b++) {
    const from = b * factor;
    const to = Math.min(x.length, from + factor);
    outX[2 * b] = x[from];
    outX[2 * b + 1] = x[to - 1];
    ys.forEach((y, s) => {
      let min = Infinity;
      let max = -Infinity;
      let minAt = -1;
      let maxAt = -1;
      for (let i = from; i < to; i++) {
        const v = y[i];
        if (v === null || v === undefined || !Number.isFinite(v)) continue;
        if (v < min) [min, minAt] = [v, i];
        if (v > max) [max, maxAt] = [v, i];
      }
      if (minAt < 0) return;
      const [first, second] = minAt <= maxAt ? [min, max] : [max, min];
      outYs[s][2 * b] = first;
      outYs[s][2 * b + 1] = second;
    });
  }
  return [outX, ...outYs];
}

/** Levels 0 (the data), 1 (÷4), 2 (÷16), … down to about `floor` points. */
export function detailLevels(data: Aligned, floor: number): Aligned[] {
  const levels: Aligned[] = [data];
  for (let factor = 4; data[0].length / factor >= floor; factor *= 4)
    levels.push(decimateMinMax(data, factor));
  return levels;
}

/** The coarsest level that still has `wanted` points inside the visible fraction of the x range. */
export function levelFor(levels: Aligned[], visibleFraction: number, wanted: number): number {
  for (let l = levels.length - 1; l > 0; l--) if (levels[l][0].length * visibleFraction >= wanted) return l;
  return 0;
}
