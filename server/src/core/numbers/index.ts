// The core's one number engine: exact rationals over bigint with one set of bounds, and one
// policy for comparing magnitudes that are not exact. Used by the grader and the arithmetic
// claims of the reward; nothing else in the core does exact arithmetic.
export * from "./bounds";
export * from "./magnitude";
export * as Q from "./rational";
export type { Rational } from "./rational";
