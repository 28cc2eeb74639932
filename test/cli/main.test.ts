import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { runCli } from "../../server/src/cli/main";
import { commands } from "../../server/src/cli/commands/index";

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const io = { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: process.cwd() };
  return { io, out: () => out, err: () => err };
}

describe("pns CLI dispatch", () => {
  it("lists every command in --help", async () => {
    const c = capture();
    expect(await runCli(["--help"], c.io)).toBe(0);
    for (const command of commands) expect(c.out()).toContain(command.name);
  });

  it("rejects an unknown command with exit 2", async () => {
    const c = capture();
    expect(await runCli(["frobnicate"], c.io)).toBe(2);
    expect(c.err()).toContain("unknown command 'frobnicate'");
  });

  it.each(commands.map((c) => c.name))("%s has --help", async (name) => {
    const c = capture();
    expect(await runCli([name, "--help"], c.io)).toBe(0);
    expect(c.out()).toMatch(new RegExp(`pns ${name}`));
  });
});
