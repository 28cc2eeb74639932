import { describe, expect, it } from "vitest";
import { Lru } from "../../../server/src/core/grader/cache";
import { clearAnswerCache, gradeAnswer } from "../../../server/src/core/grader/index";

describe("the parse cache", () => {
  it("never holds more than its capacity", () => {
    const cache = new Lru<number, number>(8);
    for (let i = 0; i < 100; i++) cache.set(i, i);
    expect(cache.size).toBeLessThanOrEqual(8);
    expect(cache.get(99)).toBe(99);
    expect(cache.get(0)).toBeUndefined();
  });

  it("keeps an entry that is used while others come and go", () => {
    const cache = new Lru<string, number>(8);
    cache.set("gold", 1);
    for (let i = 0; i < 100; i++) {
      cache.set(`pred${i}`, i);
      expect(cache.get("gold")).toBe(1);
    }
  });

  it("replaces a value set twice and empties on clear", () => {
    const cache = new Lru<string, number>(4);
    cache.set("a", 1);
    for (let i = 0; i < 3; i++) cache.set(`x${i}`, i);
    cache.set("a", 2);
    expect(cache.get("a")).toBe(2);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get("a")).toBeUndefined();
  });
});

describe("set comparison with cached answers", () => {
  it("drops duplicates the same way on the first comparison and on later ones", () => {
    clearAnswerCache();
    const pairs: Array<[string, string, boolean]> = [
      ["\\{\\sqrt2, \\sqrt2, \\pi\\}", "\\{\\pi, \\sqrt2\\}", true],
      ["\\{\\sqrt2, \\pi\\}", "\\{\\pi, \\sqrt2, \\sqrt3\\}", false],
      ["\\{x, x, y\\}", "\\{y, x\\}", true],
      ["\\{1, 1, 2\\}", "\\{2, 1\\}", true],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [gold, pred, equal] of pairs) {
        expect(gradeAnswer(gold, pred).equal, `${gold} vs ${pred}, round ${round}`).toBe(equal);
        expect(gradeAnswer(pred, gold).equal, `${pred} vs ${gold}, round ${round}`).toBe(equal);
      }
    }
  });
});
