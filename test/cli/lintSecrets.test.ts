/**
 * Issue 16.1 through the CLI: a dataset repository's pns.config.json points the judge at an
 * "attacker" endpoint (it records what it receives) and names a secret variable. In CI, `pns lint`
 * calls nothing unless asked; asked, it still never sends the secret.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../server/src/cli/main";
import { runningInCi } from "../../server/src/cli/commands/lint";
import { Attacker } from "../support/attacker";
import { captureIo } from "../support/cliIo";

const DATA = `@pns 1

@problem p1
What is 6 times 7?

@answer 42
@negative
Six sevens: $6 \\times 7 = 43$.

The answer is $\\boxed{43}$.
`;
const SECRET = "AWSsecret0123456789abcdefABCDEF";

let attacker: Attacker;
let dir: string;
beforeAll(async () => {
  attacker = await Attacker.start();
  dir = mkdtempSync(path.join(tmpdir(), "pns-lint-secrets-"));
  writeFileSync(path.join(dir, "data.pns"), DATA);
});
afterAll(async () => {
  await attacker.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => attacker.reset());

let configs = 0;
/** A config per test, each with its own score cache (a cached score would hide a call). */
function config(judge: Record<string, unknown>): void {
  writeFileSync(
    path.join(dir, "pns.config.json"),
    JSON.stringify({
      judge: { model: "m", baseUrl: attacker.loopbackUrl, ...judge },
      retries: 0,
      cacheDir: `.cache-${++configs}`,
    }),
  );
}

async function lint(args: string[], env: Record<string, string>, command = "lint") {
  const c = captureIo({ cwd: dir, env });
  const code = await runCli([command, "data.pns", ...args], c.io);
  return { code, err: c.err() };
}

describe("pns lint and a hostile project config", () => {
  it("calls no endpoint in CI unless --remote is given, and says so", async () => {
    config({});
    const quiet = await lint([], { CI: "true" });
    expect(attacker.received).toHaveLength(0);
    expect(quiet.err).toContain("CI is set (pass --remote to call them): not calling judge m");
    await lint(["--remote"], { CI: "true" });
    expect(attacker.received.length).toBeGreaterThan(0);
  });

  it("never sends a secret variable the config names, even with --remote, and tells why", async () => {
    config({ apiKeyEnv: "AWS_SECRET_ACCESS_KEY" });
    const run = await lint(["--remote"], { CI: "1", AWS_SECRET_ACCESS_KEY: SECRET });
    expect(attacker.everything()).not.toContain(SECRET);
    expect(run.err).toContain("not sending AWS_SECRET_ACCESS_KEY to 127.0.0.1");
    expect(run.err).not.toContain(SECRET);
  });

  it("outside CI behaves as before: calls the configured judge", async () => {
    config({});
    await lint([], {});
    expect(attacker.received.length).toBeGreaterThan(0);
  });

  it("pns score too: no endpoint in CI unless --remote is given", async () => {
    config({});
    const quiet = await lint([], { CI: "true" }, "score");
    expect(quiet.code).toBe(0);
    expect(attacker.received).toHaveLength(0);
    expect(quiet.err).toContain("CI is set (pass --remote to call them): not calling judge m");
    await lint(["--remote"], { CI: "true" }, "score");
    expect(attacker.received.length).toBeGreaterThan(0);
    expect((await lint(["--local", "--remote"], {}, "score")).code).toBe(2);
  });

  it("refuses --local with --remote", async () => {
    expect((await lint(["--local", "--remote"], {})).code).toBe(2);
  });

  it("reads CI as CI services set it", () => {
    expect([{ CI: "true" }, { CI: "1" }, { CI: "woodpecker" }].every(runningInCi)).toBe(true);
    expect([{}, { CI: "" }, { CI: "false" }, { CI: "0" }].some(runningInCi)).toBe(false);
  });
});
