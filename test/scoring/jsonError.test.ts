import { describe, expect, it } from "vitest";
import { findJsonError } from "../../server/src/cli/rewardServer/jsonError";

describe("findJsonError", () => {
  it.each([
    '{"a": [1, 2.5e-3, -0, true, false, null, "x\\n\\u00e9"], "b": {}}',
    "[]",
    " 3 ",
    '"just a string"',
    '{"nested": [[[[{}]]]]}',
  ])("accepts valid JSON %j", (text) => {
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    expect(findJsonError(text)).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', 1, 9, "expected a property name in double quotes"],
    ["[1, 2,]", 1, 7, 'unexpected character "]"'],
    ['{"a" 1}', 1, 6, "expected ':' after a property name"],
    ['{"a": 1 "b": 2}', 1, 9, "expected ',' or '}' in an object"],
    ["[1 2]", 1, 4, "expected ',' or ']' in an array"],
    ['{"a": tru}', 1, 7, 'unexpected character "t"'],
    ['{\n  "a": "line\nbreak"}', 2, 13, "control character in string (escape it)"],
    ['{"a": "\\x"}', 1, 8, "invalid escape in string"],
    ['{"a": "open', 1, 7, "unterminated string"],
    ["", 1, 1, "unexpected end of input"],
    ["{} {}", 1, 4, "unexpected data after the JSON value"],
    ["{'a': 1}", 1, 2, "expected a property name in double quotes"],
    ["[01]", 1, 3, "expected ',' or ']' in an array"],
    ["[NaN]", 1, 2, 'unexpected character "N"'],
  ])("finds the error in %j at %d:%d", (text, line, column, message) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(findJsonError(text)).toMatchObject({ line, column, message });
  });

  it("survives hostile nesting depth without recursion", () => {
    const deep = "[".repeat(200_000) + "]".repeat(199_999);
    expect(findJsonError(deep)).toMatchObject({ message: "unexpected end of input" });
  });
});
