import { describe, expect, it } from "vitest";
import { NotExact } from "../../../server/src/core/numbers/bounds";
import * as Q from "../../../server/src/core/numbers/rational";

describe("exact rationals", () => {
  it("parses decimals and scientific notation exactly", () => {
    expect(Q.format(Q.parseDecimal("0.125")!)).toBe("1/8");
    expect(Q.format(Q.parseDecimal("-.5")!)).toBe("-1/2");
    expect(Q.format(Q.parseDecimal("1.5e3")!)).toBe("1500");
    expect(Q.format(Q.parseDecimal("2e-3")!)).toBe("1/500");
    expect(Q.parseDecimal("1.2.3")).toBeNull();
  });

  it("keeps 0.1 + 0.2 equal to 0.3", () => {
    expect(Q.eq(Q.add(Q.parseDecimal("0.1")!, Q.parseDecimal("0.2")!), Q.parseDecimal("0.3")!)).toBe(true);
  });

  it("takes exact roots only when they are rational", () => {
    expect(Q.format(Q.rootExact(Q.rat(27n, 8n), 3)!)).toBe("3/2");
    expect(Q.format(Q.rootExact(Q.rat(-8n), 3)!)).toBe("-2");
    expect(Q.rootExact(Q.rat(2n), 2)).toBeNull();
    expect(Q.rootExact(Q.rat(-4n), 2)).toBeNull();
    expect(Q.format(Q.rootExact(Q.rat(10n ** 40n), 2)!)).toBe(`${10n ** 20n}`);
  });

  it("refuses powers beyond the exact bounds instead of computing them", () => {
    expect(Q.format(Q.powInt(Q.rat(2n), 100n))).toBe("1267650600228229401496703205376");
    expect(() => Q.powInt(Q.rat(2n), 10n ** 10n)).toThrow(NotExact);
    expect(Q.format(Q.powInt(Q.rat(-1n), 10n ** 10n + 1n))).toBe("-1");
    expect(() => Q.div(Q.ONE, Q.ZERO)).toThrow(NotExact);
  });
});
