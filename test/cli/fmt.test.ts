// `pns fmt` driven in-process on temp files: rewriting, --check, stdin, refusal on errors.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli } from "../../server/src/cli/main";
import { bytes } from "../support/bytes";
import { captureIo } from "../support/cliIo";

function capture(stdinData?: string | Uint8Array, cwd = process.cwd()) {
  return captureIo({ stdin: stdinData ?? "", cwd });
}

const CANONICAL =
  "@pns 1\n\n@problem p1 source=demo\nWhat is 2+2?\n\n@answer 4\n@positive model=m\n$2+2=4$\n";
// The same data, not canonical: no header, two blank lines, the answer after the sample,
// a needlessly quoted value, and one CRLF line end among LF ones.
const MESSY = '@problem p1 source="demo"\r\nWhat is 2+2?\n\n\n@positive model=m\n$2+2=4$\n@answer 4\n';
const MESSY_FORMATTED =
  "@pns 1\n\n@problem p1 source=demo\nWhat is 2+2?\n\n\n@answer 4\n@positive model=m\n$2+2=4$\n";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pns-fmt-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function put(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

describe("pns fmt", () => {
  it("leaves a canonical file alone (not even rewritten)", async () => {
    const file = put("ok.pns", CANONICAL);
    const before = statSync(file).mtimeMs;
    const c = capture();
    expect(await runCli(["fmt", file], c.io)).toBe(0);
    expect(c.out()).toBe("");
    expect(readFileSync(file, "utf8")).toBe(CANONICAL);
    expect(statSync(file).mtimeMs).toBe(before);
  });

  it("rewrites a messy file in canonical form and names it", async () => {
    const file = put("messy.pns", MESSY);
    const c = capture();
    expect(await runCli(["fmt", file], c.io)).toBe(0);
    expect(c.out()).toBe(`${file}\n`);
    expect(readFileSync(file, "utf8")).toBe(MESSY_FORMATTED);
    // Formatting again changes nothing; no temp file is left behind.
    const again = capture();
    expect(await runCli(["fmt", file], again.io)).toBe(0);
    expect(again.out()).toBe("");
    expect(readdirSync(dir)).toEqual(["messy.pns"]);
  });

  it("--check lists non-canonical files, exits 1 and writes nothing", async () => {
    const ok = put("a/ok.pns", CANONICAL);
    const messy = put("a/messy.pns", MESSY);
    const c = capture(undefined, dir);
    expect(await runCli(["fmt", "--check", "a"], c.io)).toBe(1);
    expect(c.out()).toBe(`${path.join("a", "messy.pns")}\n`);
    expect(readFileSync(messy, "utf8")).toBe(MESSY);
    expect(readFileSync(ok, "utf8")).toBe(CANONICAL);
    const clean = capture(undefined, dir);
    expect(await runCli(["fmt", "--check", "a/ok.pns"], clean.io)).toBe(0);
  });

  it("refuses a file with syntax errors, prints file:line:col, and still formats the others", async () => {
    const bad = put(
      "bad.pns",
      "@pns 1\n\n@problem p1\nQ\n@misc{x}\n\n@answer 1\n\n@problem p2 =x\nQ\n\n@answer 2\n",
    );
    const messy = put("messy.pns", MESSY);
    const c = capture(undefined, dir);
    expect(await runCli(["fmt", "bad.pns", "messy.pns"], c.io)).toBe(1);
    expect(c.err()).toContain("bad.pns:5:1: error: unknown directive '@misc{x}'");
    expect(c.err()).toContain("[unknown-directive]");
    expect(c.err()).toContain("bad.pns:9:13: error: expected key=value, found '=x' [invalid-meta]");
    expect(readFileSync(bad, "utf8")).toContain("@misc{x}");
    expect(readFileSync(messy, "utf8")).toBe(MESSY_FORMATTED);
  });

  it("formats a file whose errors are in the data (missing answer, duplicate id)", async () => {
    const file = put("data.pns", "@pns 1\n\n@problem p\nQ\n\n\n@problem p\nQ2\n@answer 2\n");
    const c = capture();
    expect(await runCli(["fmt", file], c.io)).toBe(0);
    expect(c.err()).toBe("");
    expect(readFileSync(file, "utf8")).toBe("@pns 1\n\n@problem p\nQ\n\n\n@problem p\nQ2\n\n@answer 2\n");
  });

  it("refuses invalid UTF-8 and binary files rather than rewriting their bytes", async () => {
    const invalid = put("latin1.pns", bytes("@pns 1\n\n@problem p\ncaf", [0xe9], "\n\n@answer 1\n"));
    const binary = put(
      "image.pns",
      bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
    );
    const c = capture(undefined, dir);
    expect(await runCli(["fmt", "latin1.pns", "image.pns"], c.io)).toBe(1);
    expect(c.err()).toMatch(/latin1\.pns:4:4: error: invalid UTF-8 \(bytes E9/);
    // PNG magic: 89 P N G \r \n 1A \n, then the first NUL opens line 3.
    expect(c.err()).toMatch(/image\.pns:3:1: error: .*binary/);
    expect(readFileSync(invalid)[22]).toBe(0xe9);
    expect(readFileSync(binary).length).toBe(12);
  });

  it("keeps a BOM and CRLF line ends", async () => {
    const text = "\uFEFF@pns 1\r\n\r\n@problem p\r\nQ\r\n\r\n@answer 1\r\n";
    const file = put("crlf.pns", text);
    const c = capture();
    expect(await runCli(["fmt", "--check", file], c.io)).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("- reads stdin and writes the canonical form to stdout", async () => {
    const c = capture(MESSY);
    expect(await runCli(["fmt", "-"], c.io)).toBe(0);
    expect(c.out()).toBe(MESSY_FORMATTED);
    const check = capture(MESSY);
    expect(await runCli(["fmt", "--check", "-"], check.io)).toBe(1);
    expect(check.out()).toBe("<stdin>\n");
  });

  it("usage and I/O errors exit 2", async () => {
    const none = capture();
    expect(await runCli(["fmt"], none.io)).toBe(2);
    expect(none.err()).toContain("expected files");
    const unknown = capture();
    expect(await runCli(["fmt", "--frobnicate", "x.pns"], unknown.io)).toBe(2);
    const missing = capture(undefined, dir);
    expect(await runCli(["fmt", "nope.pns"], missing.io)).toBe(2);
    expect(missing.err()).toContain("cannot read nope.pns: no such file or directory");
  });

  it("has a --help that names every option", async () => {
    const c = capture();
    expect(await runCli(["fmt", "--help"], c.io)).toBe(0);
    expect(c.out()).toContain("pns fmt [--check]");
    expect(c.out()).toContain("--check");
    expect(c.out()).toContain("Exit codes");
  });
});
