import { describe, expect, it } from "vitest";
import { contentId, ID_PATTERN, IdAllocator, sanitizeId } from "../../../server/src/core/interop/ids";

describe("sanitizeId", () => {
  it.each([
    ["gsm8k-0001", "gsm8k-0001"],
    ["test/precalculus/807.json", "test/precalculus/807.json"],
    ["math/interval 7", "math/interval-7"],
    ["  a  b  ", "a-b"],
    ["__x", "x"],
    ["-.:", null],
    ["q#1!", "q-1"],
    ["Übung 3", "Ubung-3"],
    ["a-", "a-"],
    ["a- ", "a-"],
    ["第3题", "3"],
    ["", null],
  ])("%j -> %j", (raw, expected) => {
    const id = sanitizeId(raw);
    expect(id).toBe(expected);
    if (id !== null) expect(id).toMatch(ID_PATTERN);
  });
});

describe("contentId", () => {
  it("prefixes a short hash of the text", () => {
    expect(contentId("gsm8k", "What is 7 * 8?")).toBe("gsm8k-1a4d62a5");
    expect(contentId("gsm8k", "x")).toMatch(ID_PATTERN);
  });
});

describe("IdAllocator", () => {
  it("suffixes collisions with the first free -N, in input order", () => {
    const ids = new IdAllocator();
    expect(ids.allocate("a")).toEqual({ id: "a", renamed: false });
    expect(ids.allocate("a")).toMatchObject({ id: "a-2", renamed: true });
    expect(ids.allocate("a-2")).toMatchObject({ id: "a-2-2", renamed: true });
    expect(ids.allocate("a")).toMatchObject({ id: "a-3", renamed: true });
    expect(ids.allocate("b")).toEqual({ id: "b", renamed: false });
  });

  it("says on which line a wanted id was given first", () => {
    const ids = new IdAllocator();
    ids.allocate("a", 3);
    ids.allocate("a", 7); // a-2 on line 7
    expect(ids.allocate("a", 9)).toEqual({ id: "a-3", renamed: true, takenOn: 3 });
    expect(ids.allocate("a-2", 12)).toEqual({ id: "a-2-2", renamed: true, takenOn: 7 });
  });
});
