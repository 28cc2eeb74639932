import { execFileSync } from "node:child_process";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../server/src/cli/main";
import { AtomicFile, writeFileAtomic } from "../../server/src/io/atomicWrite";
import { captureIo } from "../support/cliIo";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "pns-atomic-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const UNFORMATTED = "@pns 1\n@problem p\nQ\n@answer 1\n";

describe("writeFileAtomic and pns fmt's writes", () => {
  it("keep the file's mode (a 0600 file stays 0600)", async () => {
    const dir = tempDir();
    const file = path.join(dir, "secret.pns");
    writeFileSync(file, UNFORMATTED);
    chmodSync(file, 0o600);
    expect(await runCli(["fmt", file], captureIo({ cwd: dir }).io)).toBe(0);
    expect(readFileSync(file, "utf8")).not.toBe(UNFORMATTED);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    chmodSync(file, 0o640);
    await writeFileAtomic(file, "x");
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it("write through a symlink to its target, which stays a link", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "data"));
    const real = path.join(dir, "data", "real.pns");
    const link = path.join(dir, "link.pns");
    writeFileSync(real, UNFORMATTED);
    symlinkSync(path.join("data", "real.pns"), link);
    expect(await runCli(["fmt", link], captureIo({ cwd: dir }).io)).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe("@pns 1\n\n@problem p\nQ\n\n@answer 1\n");
    expect(readdirSync(path.join(dir, "data"))).toEqual(["real.pns"]);
  });

  it("remove the temp file and keep the target when a write fails", async () => {
    const dir = tempDir();
    const file = path.join(dir, "a.pns");
    writeFileSync(file, "before");
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    const target = await AtomicFile.create(file, {
      open: async (p, flags, mode) => {
        const handle = await fs.open(p, flags, mode);
        handle.writeFile = () => Promise.reject(full);
        return handle;
      },
    });
    await expect(target.write("after")).rejects.toThrow("ENOSPC");
    expect(readdirSync(dir)).toEqual(["a.pns"]);
    expect(readFileSync(file, "utf8")).toBe("before");
  });

  it("leave nothing behind on a full disk (a 64 KiB tmpfs, where mounting is allowed)", async (context) => {
    const dir = tempDir();
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir], { stdio: "ignore" });
    } catch {
      context.skip();
    }
    try {
      const file = path.join(dir, "big.pns");
      // Fits once (about 40 KB), not twice: the canonical copy cannot be written beside it.
      writeFileSync(file, `@pns 1\n@problem p\n${"x".repeat(40_000)}\n@answer 1\n`);
      const c = captureIo({ cwd: dir });
      expect(await runCli(["fmt", file], c.io)).toBe(2);
      expect(c.err()).toMatch(/cannot write .*big\.pns: .*ENOSPC/);
      expect(readdirSync(dir)).toEqual(["big.pns"]);
      expect(statSync(file).size).toBeGreaterThan(40_000);
    } finally {
      execFileSync("umount", [dir]);
    }
  });
});
