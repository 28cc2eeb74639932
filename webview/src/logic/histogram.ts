/**
 * Histogram binning for the overview: fixed, equal-width bins over a domain, so histograms of the
 * composite and of each component line up. The last bin is closed (`value === max` counts).
 */
export interface Histogram {
  /** `bins + 1` edges, ascending. */
  edges: number[];
  counts: number[];
  /** Values that were null or not finite (unscored samples). */
  missing: number;
  /** Finite values outside the domain. */
  outside: number;
}

export function binValues(
  values: Iterable<number | null | undefined>,
  bins: number,
  min = 0,
  max = 1,
): Histogram {
  if (!(bins >= 1) || !Number.isInteger(bins))
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  if (!(max > min)) throw new RangeError(`empty domain [${min}, ${max}]`);
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = new Array<number>(bins).fill(0);
  let missing = 0;
  let outside = 0;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) missing++;
    else if (v < min || v > max) outside++;
    else counts[Math.min(bins - 1, Math.floor((v - min) / width))]++;
  }
  return { edges, counts, missing, outside };
}

/** The bin index holding `value`, or -1 outside the domain (used to filter by a clicked bar). */
export function binOf(value: number, bins: number, min = 0, max = 1): number {
  if (!Number.isFinite(value) || value < min || value > max) return -1;
  return Math.min(bins - 1, Math.floor(((value - min) / (max - min)) * bins));
}
