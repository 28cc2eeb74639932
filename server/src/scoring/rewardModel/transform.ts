import type { RmTransform } from "../types";

/**
 * Maps a raw reward-model score onto [0,1].
 *
 * - `sigmoid` (default): `1 / (1 + exp(-scale * (raw - shift)))`. A reward model trained with the
 *   centred Bradley-Terry loss puts its scores around 0, so `shift = 0` makes 0.5 "undecided",
 *   and `scale` sets how fast the score saturates (the paper's example scores, -3.13 to +3.34,
 *   map to 0.04 and 0.97 with scale 1).
 * - `minmax`: `(raw - min) / (max - min)`, clamped to [0,1], for a model with a known range.
 */
export function applyTransform(raw: number, transform: RmTransform): number {
  if (transform.kind === "sigmoid") return 1 / (1 + Math.exp(-transform.scale * (raw - transform.shift)));
  const span = transform.max - transform.min;
  if (!(span > 0))
    throw new RangeError(`minmax transform needs max > min, got [${transform.min}, ${transform.max}]`);
  return Math.min(1, Math.max(0, (raw - transform.min) / span));
}

/** How the transform is written in provenance, e.g. `sigmoid(scale=1,shift=0)`. */
export function describeTransform(transform: RmTransform): string {
  return transform.kind === "sigmoid"
    ? `sigmoid(scale=${transform.scale},shift=${transform.shift})`
    : `minmax(min=${transform.min},max=${transform.max})`;
}
