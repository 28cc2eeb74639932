import type { RmTransform } from "../types";

/**
 * Maps a raw reward-model score onto [0,1] (the project config's `rewardModel.transform`).
 *
 * - `sigmoid` (default): `1 / (1 + exp(-scale * (raw - shift)))`. A reward model trained with the
 *   centred Bradley-Terry loss puts its scores around 0, so `shift = 0` makes 0.5 "undecided",
 *   and `scale` sets how fast the score saturates (the paper's example scores, -3.13 and +3.34,
 *   map to 0.04 and 0.97 with scale 1).
 * - `minmax`: `clamp((raw - shift) / scale, 0, 1)`, for a model with a known range: `shift` is
 *   the lowest raw score, `scale` the width of the range.
 */
export function applyTransform(raw: number, transform: RmTransform): number {
  if (transform.type === "sigmoid") return 1 / (1 + Math.exp(-transform.scale * (raw - transform.shift)));
  if (!(transform.scale > 0))
    throw new RangeError(`minmax transform needs scale > 0, got ${transform.scale}`);
  return Math.min(1, Math.max(0, (raw - transform.shift) / transform.scale));
}

/** How the transform is written in provenance, e.g. `sigmoid(scale=1,shift=0)`. */
export function describeTransform(transform: RmTransform): string {
  return `${transform.type}(scale=${transform.scale},shift=${transform.shift})`;
}
