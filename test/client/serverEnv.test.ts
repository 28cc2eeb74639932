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
      expect(serverEnvironment(value, base)).toEqual(base);
  });

  it("passes the user's key allow-list and the transport key, adding to an allow-list already set", () => {
    const env = serverEnvironment(
      null,
      { ...base, PNS_ALLOW_KEYS: "A@h1" },
      {
        allowKeys: ["B@h2", 3, "C@*.lab.org"],
        transportKey: "dHJhbnNwb3J0",
      },
    );
    expect(env.PNS_ALLOW_KEYS).toBe("A@h1,B@h2,C@*.lab.org");
    expect(env.PNS_KEY_TRANSPORT).toBe("dHJhbnNwb3J0");
    expect(serverEnvironment(null, base, { allowKeys: "B@h2" })).toEqual(base);
  });
});
