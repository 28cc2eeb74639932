import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { scanJson } from "../../../server/src/core/interop/jsonScan";

describe("scanJson", () => {
  it.each([
    ['{"a": }', 6, "expected a JSON value"],
    ['{"a": 1,}', 8, "expected a property name"],
    ["{'a': 1}", 1, "expected a property name"],
    ['{"a" 1}', 5, "expected ':'"],
    ['{"a": 1', 7, "unexpected end of line"],
    ['{"a": "x\ty"}', 8, "control character"],
    ['{"a": "\\q"}', 8, "invalid escape"],
    ['{"a": "\\u12G4"}', 8, "\\u escape"],
    ['{"a": 01}', 7, "expected ','"],
    ['{"a": -}', 6, "invalid number"],
    ['{"a": tru}', 6, "expected a JSON value"],
    ['{"a": 1} x', 9, "after the JSON value"],
    ["[1, 2", 5, "unexpected end"],
    ["\u007f", 0, "U+007F"],
  ])("locates the error in %j at offset %i", (text, offset, message) => {
    const { error } = scanJson(text);
    expect(error?.offset).toBe(offset);
    expect(error?.message).toContain(message);
  });

  it("records the offsets of top-level keys only", () => {
    const text = '{"question": {"answer": 1}, "answer" : "x"}';
    const { error, topLevelKeys } = scanJson(text);
    expect(error).toBeNull();
    expect(topLevelKeys.get("question")).toBe(1);
    expect(topLevelKeys.get("answer")).toBe(text.lastIndexOf('"answer"'));
  });

  it("handles deep nesting without recursion", () => {
    expect(scanJson("[".repeat(100_000) + "]".repeat(100_000)).error).toBeNull();
  });

  it("accepts exactly what JSON.parse accepts", () => {
    const accepts = (text: string) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(scanJson(text).error).toBeNull();
      }),
    );
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom("", "{", "}", ",", ":", '"', "\\", "x", "\n", "1", "-"))
      .map(([text, at, insert]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + 1);
      });
    fc.assert(
      fc.property(mutated, (text) => {
        expect(scanJson(text).error === null).toBe(accepts(text));
      }),
      { numRuns: 500 },
    );
  });
});
