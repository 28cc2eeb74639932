// Equality of expressions with free variables by evaluation at fixed pseudo-random points.
// Positive points come first because answers often assume a positive domain (sqrt, log).
import { evalFloat } from "../evaluate";
import type { Expr } from "../expr";
import { CANCELLATION_FLOOR, closeRelative, DOUBLE_RELATIVE } from "../../numbers/magnitude";

/** Fixed, so verdicts are reproducible; irrational-looking values avoid accidental roots. */
const POINTS = [
  0.6180339887, 1.4142135624, 2.7182818285, 0.3010299957, 3.1415926536, 1.7320508076, 4.6692016091,
  -0.5772156649, -1.2020569032, -2.5029078751,
];
export const MIN_VALID_POINTS = 3;

/** Two sampled values agree: the number engine's relative policy, with a floor for cancellation noise. */
export function close(a: number, b: number, tol = DOUBLE_RELATIVE): boolean {
  return closeRelative(a, b, tol, CANCELLATION_FLOOR);
}

/** Assignments of the variables at sample point i (each variable gets a different value). */
export function pointAt(vars: readonly string[], i: number): Record<string, number> {
  const env: Record<string, number> = {};
  vars.forEach((v, j) => {
    const p = POINTS[(i + 3 * j) % POINTS.length];
    env[v] = p + j * 0.137 * Math.sign(p);
  });
  return env;
}

export const SAMPLE_COUNT = POINTS.length;

export interface SampleResult {
  /** Points where both sides were defined. */
  valid: number;
  /** The first point where both were defined and differed, described for the reason. */
  mismatch: string | null;
}

/** Compares f(point) with g(point), or f/g against a constant ratio when `ratio` is given. */
export function sample(f: Expr, g: Expr, vars: readonly string[]): SampleResult {
  let valid = 0;
  for (let i = 0; i < POINTS.length; i++) {
    const env = pointAt(vars, i);
    const a = evalFloat(f, env);
    const b = evalFloat(g, env);
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    if (!close(a, b)) {
      return {
        valid,
        mismatch: `${vars.map((v) => `${v}=${env[v].toPrecision(6)}`).join(", ")} gives ${a.toPrecision(10)} vs ${b.toPrecision(10)}`,
      };
    }
    valid++;
  }
  return { valid, mismatch: null };
}

/** Whether f = c·g for one constant c (sign constrained when `positive`), by sampling. */
export function proportional(
  f: Expr,
  g: Expr,
  vars: readonly string[],
  positive: boolean,
): { ok: boolean; valid: number } {
  let ratio: number | null = null;
  let valid = 0;
  for (let i = 0; i < POINTS.length; i++) {
    const env = pointAt(vars, i);
    const a = evalFloat(f, env);
    const b = evalFloat(g, env);
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    if (Math.abs(b) < 1e-12 || Math.abs(a) < 1e-12) {
      if (Math.abs(a) < 1e-12 && Math.abs(b) < 1e-12) continue;
      return { ok: false, valid };
    }
    const r = a / b;
    if (ratio === null) ratio = r;
    else if (!close(r, ratio)) return { ok: false, valid };
    valid++;
  }
  return { ok: ratio !== null && (!positive || ratio > 0), valid };
}
