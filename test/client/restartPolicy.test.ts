import { describe, expect, it } from "vitest";
import { RestartPolicy } from "../../client/src/restartPolicy";

describe("RestartPolicy", () => {
  it("allows a few restarts within the window, then refuses", () => {
    let now = 0;
    const policy = new RestartPolicy(3, 60_000, () => now);
    expect([policy.shouldRestart(), policy.shouldRestart(), policy.shouldRestart()]).toEqual([
      true,
      true,
      true,
    ]);
    now = 30_000;
    expect(policy.shouldRestart()).toBe(false);
  });

  it("forgets crashes older than the window", () => {
    let now = 0;
    const policy = new RestartPolicy(2, 60_000, () => now);
    policy.shouldRestart();
    policy.shouldRestart();
    now = 60_001;
    expect(policy.shouldRestart()).toBe(true);
    expect(policy.count).toBe(1);
  });

  it("never restarts when the budget is zero", () => {
    expect(new RestartPolicy(0, 60_000).shouldRestart()).toBe(false);
  });
});
