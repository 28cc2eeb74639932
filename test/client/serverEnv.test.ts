import { describe, expect, it } from "vitest";
import { serverEnvironment } from "../../client/src/serverEnv";

describe("serverEnvironment", () => {
  const base = { PATH: "/usr/bin" };

  it("passes a whole number of analysis workers to the server", () => {
    expect(serverEnvironment(0, base)).toEqual({ PATH: "/usr/bin", PNS_LSP_ANALYSIS_WORKERS: "0" });
    expect(serverEnvironment(2, base)).toEqual({ PATH: "/usr/bin", PNS_LSP_ANALYSIS_WORKERS: "2" });
    expect(serverEnvironment(99, base).PNS_LSP_ANALYSIS_WORKERS).toBe("16");
  });

  it("leaves the server's default for an empty or invalid setting", () => {
    for (const value of [null, undefined, -1, 1.5, "2", Number.NaN])
      expect(serverEnvironment(value, base)).toBe(base);
  });
});
