import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fnv1a64, shortHash } from "../../../server/src/core/interop/hash";

const hex = ([hi, lo]: [number, number]) =>
  hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
const bytes = (text: string) => new TextEncoder().encode(text);

describe("fnv1a64", () => {
  it.each([
    ["", "cbf29ce484222325"],
    ["a", "af63dc4c8601ec8c"],
    ["foobar", "85944171f73967e8"],
  ])("matches the published FNV-1a 64 vector for %j", (text, expected) => {
    expect(hex(fnv1a64(bytes(text)))).toBe(expected);
  });

  it("agrees with a BigInt reference on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 64 }), (text) => {
        let h = 0xcbf29ce484222325n;
        for (const b of bytes(text)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
        expect(hex(fnv1a64(bytes(text)))).toBe(h.toString(16).padStart(16, "0"));
      }),
      { numRuns: 200 },
    );
  });
});

describe("shortHash", () => {
  it("is 8 hex digits and pinned: ids in existing datasets must not change", () => {
    expect(shortHash("What is 7 * 8?")).toMatch(/^[0-9a-f]{8}$/);
    expect(shortHash("What is 7 * 8?")).toBe(shortHash("What is 7 * 8?"));
    expect(shortHash("What is 7 * 8?")).toBe("1a4d62a5");
  });

  it("does not normalise Unicode: the id is of the text exactly as given", () => {
    expect(shortHash("caf\u00e9")).not.toBe(shortHash("cafe\u0301"));
  });

  it("spreads one-character differences", () => {
    const a = shortHash("problem 1");
    const b = shortHash("problem 2");
    expect([...a].filter((ch, i) => ch !== b[i]).length).toBeGreaterThan(3);
  });
});
