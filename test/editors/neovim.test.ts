/**
 * Issue 15.5: the README's Neovim 0.7+ snippet, run as written (with this checkout's path) in
 * headless Neovim from Debian: diagnostics arrive, a hover answers, a code action applies. Neovim
 * is installed with apt-get when missing and this runs as root (CI); otherwise the test says how
 * to get it. The server is `node <checkout>/bin/pns-language-server.js --stdio`: no npx.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const DATA = `@pns 1

@problem p1
What is 6 times 7?

@answer 42
@positive
Six sevens: $6 \\times 7 = 42$.

The answer is $\\boxed{42}$.

@negative
Six sevens make $6 \\times 7 = 42$.

The answer is $\\boxed{42}$.
`;

function hasNvim(): boolean {
  return spawnSync("nvim", ["--version"], { stdio: "ignore" }).status === 0;
}

/** Installs Debian's neovim when missing and we are root (CI); throws with the reason otherwise. */
function ensureNvim(): void {
  if (hasNvim()) return;
  if (process.getuid?.() !== 0)
    throw new Error("nvim is missing: install Debian's neovim (apt-get install neovim)");
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "neovim"], {
    stdio: "ignore",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    timeout: 300_000,
  });
  if (!hasNvim()) throw new Error("apt-get install neovim did not give an nvim");
}

/** The README's 0.7+ snippet, with this checkout's launcher. */
function readmeSnippet(): string {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = /<!-- neovim-0\.7 -->\s*```lua\n([\s\S]*?)```\s*<!-- \/neovim-0\.7 -->/.exec(readme);
  if (!section) throw new Error("README.md has no <!-- neovim-0.7 --> lua snippet");
  const lua = section[1];
  expect(lua).not.toContain("npx");
  return lua.replace("/path/to/pns-workbench", ROOT.replace(/\\/g, "/"));
}

describe("Neovim (headless) with the README's set-up", () => {
  let dir: string;
  beforeAll(() => {
    ensureNvim();
    dir = mkdtempSync(path.join(tmpdir(), "pns-nvim-"));
  }, 320_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gets diagnostics, a hover and a code action that applies", () => {
    const init = path.join(dir, "init.lua");
    writeFileSync(init, readmeSnippet());
    const file = path.join(dir, "data.pns");
    writeFileSync(file, DATA);
    const out = path.join(dir, "out.json");
    const run = spawnSync(
      "nvim",
      ["--headless", "--clean", "-u", init, "-c", `luafile ${path.join(__dirname, "neovim.lua")}`],
      {
        cwd: dir,
        env: {
          ...process.env,
          PNS_NVIM_FILE: file,
          PNS_NVIM_OUT: out,
          PNS_NVIM_CODE: "negative-correct",
          PNS_NVIM_ACTION: "make this sample @positive",
        },
        timeout: 90_000,
        encoding: "utf8",
      },
    );
    expect(run.error).toBeUndefined();
    const result = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
    expect(result.error).toBeUndefined();
    expect(result.filetype).toBe("pns");
    expect(result.attached).toBe(true);
    expect(result.diagnostics_arrived).toBe(true);
    expect(result.codes).toContain("negative-correct");
    expect(String(result.hover)).not.toBe("");
    expect(result.applied).toBe("Move to positives (make this sample @positive)");
    expect(result.before).toContain("@negative");
    expect(result.after).not.toContain("@negative");
    expect((result.after as string).match(/@positive/g)).toHaveLength(2);
  }, 120_000);
});
