import { describe, expect, it } from "vitest";
import { runCli } from "../../server/src/cli/main";
import { commands } from "../../server/src/cli/commands/index";
import { captureIo } from "../support/cliIo";

function capture() {
  return captureIo();
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

describe("pns as a process", () => {
  it("exits quietly when the reader closes stdout early (EPIPE)", async () => {
    const { spawn } = await import("node:child_process");
    const { existsSync } = await import("node:fs");
    const { build } = await import("esbuild");
    const bundle = "dist/cli/main.js";
    if (!existsSync(bundle)) {
      await build({
        entryPoints: ["server/src/cli/main.ts"],
        bundle: true,
        platform: "node",
        format: "cjs",
        outfile: bundle,
        mainFields: ["module", "main"],
      });
    }
    // `pns score` writes one block per sample; the reader takes one chunk and closes the pipe.
    const child = spawn(process.execPath, ["bin/pns.js", "score", "examples/demo.pns"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(stderr).not.toContain("EPIPE");
    expect(stderr).not.toContain("internal error");
    expect(code).toBe(0);
  });
});
