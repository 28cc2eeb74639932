// Hard limits that make every comparison finish in bounded time and memory. mathjs and our
// evaluators are synchronous and cannot be interrupted, so inputs are measured BEFORE any work.
// The bounds on exact numbers are the core's one set, in core/numbers/bounds.ts.
export {
  MAX_EXACT_BITS,
  MAX_EXACT_EXPONENT,
  MAX_EXACT_FACTORIAL,
  MAX_LITERAL_DIGITS,
  NOT_EXACT,
  NotExact,
} from "../numbers/bounds";

/** A response longer than this is not searched for an answer. */
export const MAX_RESPONSE_CHARS = 2_000_000;
/** An extracted answer longer than this is not parsed. */
export const MAX_ANSWER_CHARS = 4_000;
/** Syntax-tree nodes per answer. */
export const MAX_NODES = 600;
/** Bracket / brace nesting depth (recursion depth of the parser). */
export const MAX_DEPTH = 64;
/** Elements of a set, tuple or matrix. */
export const MAX_ELEMENTS = 100;

/** Thrown when an input exceeds a bound; the grader turns it into a "not gradable" verdict. */
export class LimitExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LimitExceeded";
  }
}
