import type { ArithmeticReport } from "./arithmetic/index";
import type { ComponentScore } from "./types";

/**
 * Local chain-of-thought consistency: the share of the response's arithmetic claims that hold,
 * Laplace-smoothed ((holding + 1) / (claims + 1)) so that one slip in a short response halves the
 * score instead of zeroing it: a negative must go wrong somewhere, and a single slip is a plausible
 * mistake; many false claims still drive it towards 0. A response with no checkable claim is left
 * out of the mean (null), not rewarded for silence.
 */
export function localCotScore(report: ArithmeticReport, weight: number, explain = true): ComponentScore {
  const total = report.claims.length;
  if (total === 0)
    return { name: "localCot", value: null, weight, reason: explain ? "no arithmetic claims to check" : "" };
  const bad = report.falseClaims.length;
  const first = report.firstSlip;
  return {
    name: "localCot",
    value: (total - bad + 1) / (total + 1),
    weight,
    reason: !explain
      ? ""
      : bad === 0
        ? total === 1
          ? "the 1 arithmetic claim holds"
          : `all ${total} arithmetic claims hold`
        : `${bad} of ${total} arithmetic claims are false; first: ${first!.text} (${first!.leftValue} ≠ ${first!.rightValue})`,
  };
}
