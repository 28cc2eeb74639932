/**
 * Exponential moving average as TensorBoard draws it: debiased, so the first points are not
 * dragged towards zero, and gaps (null, NaN, ±Infinity) are passed through without resetting the
 * average. `weight` is the slider value in [0, 1): 0 shows the raw series.
 */
export function smoothEma(values: ArrayLike<number | null>, weight: number): (number | null)[] {
  const out: (number | null)[] = new Array<number | null>(values.length);
  if (!(weight > 0)) {
    for (let i = 0; i < values.length; i++) out[i] = values[i];
    return out;
  }
  const w = Math.min(weight, 0.999);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const y = values[i];
    if (y === null || !Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    last = last * w + (1 - w) * y;
    count++;
    // 1 - w^count is the total weight the EMA has given to real points so far.
    out[i] = last / (1 - Math.pow(w, count));
  }
  return out;
}
