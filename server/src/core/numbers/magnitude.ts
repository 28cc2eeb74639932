// The core's one policy for comparing magnitudes that are not exact rationals (roots, π, logs,
// values beyond exact bounds). Comparisons are RELATIVE: an absolute tolerance makes every pair of
// tiny values equal (1/3001! and 1/3003! both "agree to 1e-9") and every pair of huge values
// unequal. Only exact zero gets an absolute floor, since a closed form that is zero (sin π)
// evaluates to a tiny residue rather than to 0.

/** Relative tolerance for doubles: about 7 digits short of double precision, for rounding slack. */
export const DOUBLE_RELATIVE = 1e-9;
/** Relative tolerance for 40-digit evaluation: 30 significant digits must agree. */
export const PRECISE_RELATIVE = 1e-30;
/** Below this a double is treated as "no information" about its magnitude (near underflow). */
export const SMALLEST_TRUSTED_DOUBLE = 1e-290;

/**
 * Whether two doubles agree: relatively within `tolerance`, or absolutely within `absoluteFloor`
 * (0 by default). A floor is for callers that subtract nearly equal values (sampling an
 * expression that cancels yields residues like 1e-17 where the exact value is 0); it is never
 * used to compare closed-form numbers, whose small values must stay distinct.
 */
export function closeRelative(a: number, b: number, tolerance = DOUBLE_RELATIVE, absoluteFloor = 0): boolean {
  if (a === b) return true;
  const diff = Math.abs(a - b);
  return diff <= absoluteFloor || diff <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

/** The absolute floor used where cancellation noise is expected (sampling, arithmetic claims). */
export const CANCELLATION_FLOOR = 1e-12;

/**
 * Whether doubles can decide a comparison of these two values: both finite and, unless zero,
 * far enough from underflow that their relative difference means something.
 */
export function doublesCanDecide(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const tiny = (x: number): boolean => x !== 0 && Math.abs(x) < SMALLEST_TRUSTED_DOUBLE;
  return !tiny(a) && !tiny(b) && !((a === 0) !== (b === 0) && (tiny(a) || tiny(b)));
}

/**
 * Whether `literal`, a decimal written with `decimals` places, is `value` rounded or truncated at
 * its own last digit (`3.33` for 10/3, `0.0833` for 1/12), with a little slack for the double
 * error of `value`.
 */
export function roundsAtOwnPrecision(value: number, literal: number, decimals: number): boolean {
  const unit = 10 ** -decimals;
  const diff = value - literal;
  const rounded = Math.abs(diff) <= unit * (0.5 + 1e-9);
  const truncated = Math.abs(diff) < unit && Math.sign(diff) === Math.sign(value);
  return rounded || truncated;
}
