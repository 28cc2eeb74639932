// The one set of bounds on exact arithmetic, shared by every part of the core that computes with
// exact numbers (the grader, the arithmetic claims). Work that would exceed a bound is refused
// before it starts: bigint arithmetic is synchronous and cannot be interrupted.

/** Digits in one numeric literal read exactly. */
export const MAX_LITERAL_DIGITS = 400;
/** Largest integer exponent evaluated exactly; bigger powers fall back to floating point. */
export const MAX_EXACT_EXPONENT = 4_096;
/** Largest bit length of an exact intermediate value (about 6,000 decimal digits). */
export const MAX_EXACT_BITS = 20_000;
/** Largest argument of an exact factorial. */
export const MAX_EXACT_FACTORIAL = 500;
/** Largest root degree taken exactly (`\sqrt[k]{x}`, `x^{p/k}`). */
export const MAX_ROOT_DEGREE = 64;

/** Thrown when exact arithmetic would exceed a bound; callers fall back to approximate evaluation. */
export class NotExact extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotExact";
  }
}

/**
 * The one NotExact instance that is thrown: it is caught internally and never shown, and
 * re-throwing a prebuilt error skips the stack capture that made irrational roots costly.
 */
export const NOT_EXACT = new NotExact("no exact rational value within the bounds");
