import { type ArithmeticClaim, findArithmeticClaims } from "./claims";

export type { ArithmeticClaim } from "./claims";
export { findArithmeticClaims } from "./claims";

/** The local chain-of-thought check of one response. */
export interface ArithmeticReport {
  /** Every claim that could be evaluated, true or false, in order. */
  claims: ArithmeticClaim[];
  /** The false ones, in order. */
  falseClaims: ArithmeticClaim[];
  /** The first false claim: where the arithmetic of the response goes wrong. */
  firstSlip: ArithmeticClaim | undefined;
}

export function checkArithmetic(response: string): ArithmeticReport {
  const claims = findArithmeticClaims(response);
  const falseClaims = claims.filter((c) => !c.holds);
  return { claims, falseClaims, firstSlip: falseClaims[0] };
}
