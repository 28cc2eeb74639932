import { Fraction } from "mathjs";
import { describe, expect, it } from "vitest";
import * as Q from "../../../server/src/core/numbers/rational";
import { findArithmeticClaims } from "../../../server/src/core/reward/arithmetic/claims";

// The arithmetic claims compute with the core's number engine; mathjs's Fraction is the oracle.
const show = (f: Fraction | null): string => (f === null ? "null" : `${f.s * f.n}/${f.d}`);
const showQ = (r: Q.Rational | null): string => (r === null ? "null" : `${r.n}/${r.d}`);
const toQ = (f: Fraction): Q.Rational => Q.rat(f.s * f.n, f.d);

describe("rational powers", () => {
  it("finds exact integer roots and only those", () => {
    for (let r = 1n; r < 200n; r++) {
      for (let k = 2n; k <= 12n; k++) {
        expect(Q.integerRoot(r ** k, k)).toBe(r);
        if (r > 1n) expect(Q.integerRoot(r ** k + 1n, k)).toBeNull();
        if (r > 1n) expect(Q.integerRoot(r ** k - 1n, k)).toBeNull();
      }
    }
    expect(Q.integerRoot(10n ** 600n, 12n)).toBe(10n ** 50n);
  });

  it("gives mathjs's answer for fractional exponents", () => {
    const bases: Fraction[] = [];
    for (const n of [
      0n,
      1n,
      2n,
      4n,
      8n,
      9n,
      12n,
      16n,
      27n,
      64n,
      81n,
      100n,
      729n,
      1024n,
      4096n,
      3125n,
      10n ** 12n,
    ]) {
      for (const d of [1n, 2n, 4n, 9n, 27n, 49n, 1000n]) {
        bases.push(new Fraction(n, d), new Fraction(-n, d));
      }
    }
    const exponents: Fraction[] = [];
    for (let q = 1n; q <= 12n; q++) {
      for (const p of [1n, 2n, 3n, 5n, -1n, -2n, -3n]) exponents.push(new Fraction(p, q));
    }
    for (const base of bases) {
      for (const exponent of exponents) {
        if (base.n === 0n && exponent.s < 0n) continue; // mathjs divides by zero; the caller rules it out
        const ours = Q.powRational(toQ(base), toQ(exponent));
        if (base.s < 0n && exponent.d !== 1n) {
          // mathjs has no real roots of negatives; ours takes odd roots ((-8)^{1/3} = -2), none even.
          const odd = Q.powRational(toQ(base.neg()), toQ(exponent));
          const expected =
            exponent.d % 2n === 1n && odd !== null
              ? Q.powInt(Q.rootExact(toQ(base), Number(exponent.d))!, exponent.s * exponent.n)
              : null;
          expect(showQ(ours), `${show(base)} ^ ${show(exponent)}`).toBe(showQ(expected));
          continue;
        }
        const want = base.pow(exponent);
        expect(showQ(ours), `${show(base)} ^ ${show(exponent)}`).toBe(
          showQ(want === null ? null : toQ(want)),
        );
      }
    }
  });

  it("checks a root of a large prime at once (mathjs would factorise it by trial division)", () => {
    const started = performance.now();
    const claims = findArithmeticClaims("$\\sqrt{123456789012345678901234567891} = 351364182882014$");
    expect(performance.now() - started).toBeLessThan(100);
    // Irrational: compared as floats, within the relative tolerance.
    expect(claims.map((c) => c.holds)).toEqual([true]);
  });

  it("leaves claims it cannot evaluate unchecked, without failing or stalling", () => {
    // Division by zero inside the exact-fraction library, and nested powers that would grow to
    // millions of digits: hostile input that once threw out of the analysis or took seconds.
    const hostile = [
      "$0^{-1/2} = 1$",
      "$0^{-1} = 1$",
      "$((2^{256})^{255/2})^{255/2} = 1$",
      "$(((2^{256})^{255/2})^{255/2})^{255/2} = 1$",
    ];
    for (const text of hostile) expect(findArithmeticClaims(text)).toEqual([]);
    expect(findArithmeticClaims("$4^{1/2} = 2$").map((c) => c.holds)).toEqual([true]);
  });
});
