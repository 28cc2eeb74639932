// Hard limits that make every comparison finish in bounded time and memory. mathjs and our
// evaluators are synchronous and cannot be interrupted, so inputs are measured BEFORE any work.

/** A response longer than this is not searched for an answer. */
export const MAX_RESPONSE_CHARS = 2_000_000;
/** An extracted answer longer than this is not parsed. */
export const MAX_ANSWER_CHARS = 4_000;
/** Syntax-tree nodes per answer. */
export const MAX_NODES = 600;
/** Bracket / brace nesting depth (recursion depth of the parser). */
export const MAX_DEPTH = 64;
/** Digits in one numeric literal. */
export const MAX_LITERAL_DIGITS = 400;
/** Largest integer exponent evaluated exactly; bigger powers fall back to floating point. */
export const MAX_EXACT_EXPONENT = 4_096;
/** Largest bit length of an exact intermediate value. */
export const MAX_EXACT_BITS = 20_000;
/** Largest argument of an exact factorial. */
export const MAX_EXACT_FACTORIAL = 500;
/** Elements of a set, tuple or matrix. */
export const MAX_ELEMENTS = 100;

/** Thrown when an input exceeds a bound; the grader turns it into a "not gradable" verdict. */
export class LimitExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LimitExceeded";
  }
}

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
