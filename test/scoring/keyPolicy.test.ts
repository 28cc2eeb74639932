/**
 * Issue 16.1: a project config cannot route a secret to a host by itself. Each case points the
 * judge at a recording "attacker" endpoint and checks what it received.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isLoopbackHost, keyDestinationAllowed, parseKeyGrants } from "../../server/src/scoring/keyPolicy";
import { redactUrlsIn } from "../../server/src/scoring/redact";
import { RemoteError } from "../../server/src/scoring/errors";
import { ScoringService } from "../../server/src/scoring/service";
import { type RemoteUnscored, isUnscored } from "../../server/src/scoring/types";
import { Attacker } from "../support/attacker";
import { judgeSettings } from "./settings";

const input = { problem: "What is 6 times 7?", response: "6*7 = 43. \\boxed{43}", gold: "42" };
const AWS = "AWSsecretAccessKey0123456789abcdefXYZ";
const OWN = "pns-own-judge-key-0123456789";

let attacker: Attacker;
beforeAll(async () => (attacker = await Attacker.start()));
afterAll(async () => attacker.close());
beforeEach(() => attacker.reset());

async function judgeVia(baseUrl: string, apiKeyEnv: string, env: Record<string, string>) {
  const warnings: string[] = [];
  const service = new ScoringService({
    judge: judgeSettings(baseUrl, {
      apiKeyEnv,
      retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    }),
    env,
    logger: { warn: (m) => warnings.push(m) },
  });
  const [result] = await service.score([input], ["judge"]);
  return { result: result.judge!, warnings };
}

const foreign = () => {
  const url = attacker.foreignUrl;
  if (!url) throw new Error("this machine has no non-loopback IPv4 address to play the foreign host");
  return url;
};

describe("which key goes where (scoring service over HTTP)", () => {
  it("never sends a variable outside the known set, even to loopback, and says why", async () => {
    const { result, warnings } = await judgeVia(attacker.loopbackUrl, "AWS_SECRET_ACCESS_KEY", {
      AWS_SECRET_ACCESS_KEY: AWS,
    });
    expect(attacker.everything()).not.toContain(AWS);
    expect(attacker.received).toHaveLength(0);
    expect(isUnscored(result)).toBe(true);
    const reason = (result as RemoteUnscored).unscored;
    expect(reason).toContain("not sending AWS_SECRET_ACCESS_KEY");
    expect(reason).toContain("PNS_ALLOW_KEYS=AWS_SECRET_ACCESS_KEY@127.0.0.1");
    expect(warnings.join("\n")).toContain("not a known API key variable");
  });

  it("sends it once the user allowed that variable for that host", async () => {
    const { result } = await judgeVia(attacker.loopbackUrl, "AWS_SECRET_ACCESS_KEY", {
      AWS_SECRET_ACCESS_KEY: AWS,
      PNS_ALLOW_KEYS: "AWS_SECRET_ACCESS_KEY@127.0.0.1",
    });
    expect(isUnscored(result)).toBe(false);
    expect(attacker.received[0].headers.authorization).toBe(`Bearer ${AWS}`);
  });

  it("sends the project's own key to loopback, never to a host the config picked", async () => {
    await judgeVia(attacker.loopbackUrl, "PNS_JUDGE_API_KEY", { PNS_JUDGE_API_KEY: OWN });
    expect(attacker.received[0].headers.authorization).toBe(`Bearer ${OWN}`);
    attacker.reset();

    const { result } = await judgeVia(foreign(), "PNS_JUDGE_API_KEY", { PNS_JUDGE_API_KEY: OWN });
    expect(attacker.everything()).not.toContain(OWN);
    expect((result as RemoteUnscored).unscored).toMatch(
      /not sending PNS_JUDGE_API_KEY to [\d.]+: the host was chosen/,
    );

    const host = new URL(foreign()).hostname;
    await judgeVia(foreign(), "PNS_JUDGE_API_KEY", {
      PNS_JUDGE_API_KEY: OWN,
      PNS_ALLOW_KEYS: `PNS_JUDGE_API_KEY@${host}`,
    });
    expect(attacker.received[0].headers.authorization).toBe(`Bearer ${OWN}`);
  });

  it("sends a provider's key to loopback but not to another host", async () => {
    await judgeVia(attacker.loopbackUrl, "OPENAI_API_KEY", { OPENAI_API_KEY: "sk-openai-0123456789abcdef" });
    expect(attacker.received).toHaveLength(1);
    attacker.reset();
    const { result } = await judgeVia(foreign(), "OPENAI_API_KEY", {
      OPENAI_API_KEY: "sk-openai-0123456789abcdef",
    });
    expect(attacker.everything()).not.toContain("sk-openai");
    expect((result as RemoteUnscored).unscored).toContain("only sent over https to api.openai.com");
  });

  it("a grant in the service options (a --allow-key flag) counts like the variable", async () => {
    const service = new ScoringService({
      judge: judgeSettings(attacker.loopbackUrl, { apiKeyEnv: "MY_LAB_KEY" }),
      env: { MY_LAB_KEY: "lab-key-0123456789" },
      keyGrants: [{ variable: "MY_LAB_KEY", host: "127.0.0.1" }],
    });
    await service.score([input], ["judge"]);
    expect(attacker.received[0].headers.authorization).toBe("Bearer lab-key-0123456789");
  });
});

describe("key policy rules", () => {
  it.each([
    ["OPENAI_API_KEY", "https://api.openai.com/v1", true],
    ["OPENAI_API_KEY", "http://api.openai.com/v1", false],
    ["OPENAI_API_KEY", "https://api.openai.com.evil.example/v1", false],
    ["OPENAI_API_KEY", "https://api.groq.com/openai/v1", false],
    ["AZURE_OPENAI_API_KEY", "https://mylab.openai.azure.com/openai", true],
    ["AZURE_OPENAI_API_KEY", "https://openai.azure.com.evil.example/", false],
    ["GROQ_API_KEY", "https://api.groq.com/openai/v1", true],
    ["PNS_JUDGE_API_KEY", "http://localhost:8000/v1", true],
    ["PNS_JUDGE_API_KEY", "http://[::1]:8000/v1", true],
    ["PNS_JUDGE_API_KEY", "https://judge.example.com/v1", false],
    ["PNS_REWARD_MODEL_API_KEY", "http://127.0.0.5:8001", true],
    ["GITHUB_TOKEN", "http://127.0.0.1:8000/v1", false],
    ["AWS_SECRET_ACCESS_KEY", "https://api.openai.com/v1", false],
  ])("%s to %s: %s", (variable, url, allowed) => {
    expect(keyDestinationAllowed(variable, url, []).allowed).toBe(allowed);
  });

  it("parses the allow-list and reports malformed entries", () => {
    const { grants, errors } = parseKeyGrants("A_KEY@judge.lab.org, B@*.corp.example  bad-entry");
    expect(grants).toEqual([
      { variable: "A_KEY", host: "judge.lab.org" },
      { variable: "B", host: "*.corp.example" },
    ]);
    expect(errors).toHaveLength(1);
    expect(keyDestinationAllowed("B", "https://x.corp.example/v1", grants).allowed).toBe(true);
    expect(keyDestinationAllowed("B", "https://corp.example.evil/v1", grants).allowed).toBe(false);
  });

  it("knows loopback", () => {
    expect(["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"].every(isLoopbackHost)).toBe(true);
    expect(["0.0.0.0", "192.0.2.1", "localhost.evil.example", "128.0.0.1"].some(isLoopbackHost)).toBe(false);
  });
});

describe("URLs in errors", () => {
  it("are redacted in every remote error, whoever wrote the message", () => {
    const e = new RemoteError(
      "connection",
      "cannot reach https://user:hunter2@judge.example/v1?api-key=abc123&x=1: ECONNREFUSED.",
    );
    expect(e.message).not.toContain("hunter2");
    expect(e.message).not.toContain("abc123");
    expect(e.message).toContain("https://judge.example/v1?x=1: ECONNREFUSED.");
    expect(redactUrlsIn("see http://h/?token=t0k3n and done")).toBe("see http://h/ and done");
  });
});
