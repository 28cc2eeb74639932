import { afterEach, describe, expect, it, vi } from "vitest";
import { Pacer } from "../../server/src/cli/rewardServer/pacer";

/** How many times the pacer gave the event loop a turn while it was told about these items. */
async function turns(pacer: Pacer, itemChars: number[]): Promise<number[]> {
  const spy = vi.spyOn(globalThis, "setImmediate");
  const before: number[] = [];
  for (const [index, chars] of itemChars.entries()) {
    const calls = spy.mock.calls.length;
    await pacer.before(chars);
    if (spy.mock.calls.length > calls) before.push(index);
  }
  return before;
}

afterEach(() => vi.restoreAllMocks());

describe("reward server pacer (issue 16, point 4: yield by bytes)", () => {
  it("gives a turn after every 64 small items", async () => {
    expect(await turns(new Pacer(64, 64 * 1024), new Array<number>(200).fill(10))).toEqual([64, 128, 192]);
  });

  it("gives a turn before an item that would take the characters since the last turn past the limit", async () => {
    // 40 KB items: each would take two of them past 64 KB, so every item after the first gets a turn.
    const big = new Array<number>(5).fill(40 * 1024);
    expect(await turns(new Pacer(64, 64 * 1024), big)).toEqual([1, 2, 3, 4]);
    // Mixed: 30 KB + 30 KB fit, the third 30 KB does not.
    expect(await turns(new Pacer(64, 64 * 1024), [30_000, 30_000, 30_000, 10])).toEqual([2]);
  });

  it("never gives a turn before the first item (a lone item larger than the limit is scored at once)", async () => {
    expect(await turns(new Pacer(64, 1000), [5000])).toEqual([]);
  });
});
