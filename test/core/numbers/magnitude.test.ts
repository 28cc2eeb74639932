import { describe, expect, it } from "vitest";
import {
  closeRelative,
  doublesCanDecide,
  roundsAtOwnPrecision,
} from "../../../server/src/core/numbers/magnitude";
import * as Q from "../../../server/src/core/numbers/rational";

describe("the magnitude policy: relative, never absolute", () => {
  it("keeps tiny and huge values apart by their ratio", () => {
    expect(closeRelative(1e-20, 2e-20)).toBe(false);
    expect(closeRelative(1e-20, 1e-20 * (1 + 1e-12))).toBe(true);
    expect(closeRelative(1e20, 1e20 + 1)).toBe(true);
    expect(closeRelative(1e20, 1.001e20)).toBe(false);
    // An absolute floor only where the caller asks for one (cancellation noise near 0).
    expect(closeRelative(0, 1e-17)).toBe(false);
    expect(closeRelative(0, 1e-17, 1e-9, 1e-12)).toBe(true);
  });

  it("says when doubles cannot decide (underflow)", () => {
    expect(doublesCanDecide(1, 2)).toBe(true);
    expect(doublesCanDecide(1e-300, 1e-300)).toBe(false);
    expect(doublesCanDecide(Infinity, 1)).toBe(false);
  });

  it("reads a decimal at its own precision", () => {
    expect(roundsAtOwnPrecision(10 / 3, 3.33, 2)).toBe(true);
    expect(roundsAtOwnPrecision(2 / 3, 0.666, 3)).toBe(true); // truncated
    expect(roundsAtOwnPrecision(2 / 3, 0.667, 3)).toBe(true); // rounded
    expect(roundsAtOwnPrecision(10 / 3, 3.4, 1)).toBe(false);
  });
});

describe("exact powers and decimals of the number engine", () => {
  it("takes rational powers exactly, real odd roots of negatives, nothing over the bounds", () => {
    expect(Q.format(Q.powRational(Q.rat(27n, 8n), Q.rat(-2n, 3n))!)).toBe("4/9");
    expect(Q.format(Q.powRational(Q.rat(-8n), Q.rat(1n, 3n))!)).toBe("-2");
    expect(Q.powRational(Q.rat(-4n), Q.rat(1n, 2n))).toBeNull();
    expect(Q.powRational(Q.rat(2n), Q.rat(1n, 2n))).toBeNull();
    expect(() => Q.powRational(Q.rat(3n), Q.rat(100_000n))).toThrow();
    expect(() => Q.factorial(Q.rat(501n), 500)).toThrow();
  });

  it("writes terminating fractions as decimals", () => {
    expect(Q.toDecimalString(Q.rat(707n, 500n))).toBe("1.414");
    expect(Q.toDecimalString(Q.rat(-1n, 40n))).toBe("-0.025");
    expect(Q.toDecimalString(Q.rat(1n, 3n))).toBe("1/3");
  });
});
