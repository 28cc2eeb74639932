// The byte reader: invalid UTF-8 located exactly where TextDecoder put its U+FFFD, binary files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeText, positionAt } from "../../../server/src/core/format/index";
import { readPnsFile, readTextFile } from "../../../server/src/io/readPnsFile";

const where = (d: { range: { start: { line: number; character: number } } }) =>
  `${d.range.start.line + 1}:${d.range.start.character + 1}`;

describe("decodeText", () => {
  it("valid UTF-8 (astral characters too) has no findings", () => {
    const text = "@pns 1\n𝔸 → ∞ 😀 é\n";
    expect(decodeText(new TextEncoder().encode(text))).toEqual({ text, diagnostics: [], binary: false });
  });

  it("keeps a real U+FFFD without a finding", () => {
    expect(decodeText(new TextEncoder().encode("a\uFFFDb")).diagnostics).toEqual([]);
  });

  it.each([
    ["lone continuation byte", [0x61, 0x80, 0x62], "1:2", 1],
    ["overlong encoding", [0x61, 0xc0, 0x80, 0x62], "1:2", 2],
    ["encoded surrogate", [0x0a, 0xed, 0xa0, 0x80], "2:1", 3],
    ["above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], "1:1", 4],
    ["truncated at the end", [0x61, 0x62, 0xe2, 0x82], "1:3", 1],
    ["after an astral char", [0xf0, 0x9f, 0x98, 0x80, 0xff], "1:3", 1],
  ])("%s", (_name, bytes, at, replacements) => {
    const decoded = decodeText(Uint8Array.from(bytes));
    expect(decoded.diagnostics.map(where)).toEqual([at]);
    const { start, end } = decoded.diagnostics[0].range;
    expect(decoded.text.slice(start.offset, end.offset)).toBe("\uFFFD".repeat(replacements));
  });

  it("separate bad spots get separate findings, capped with a count", () => {
    const bytes: number[] = [];
    for (let i = 0; i < 30; i++) bytes.push(0x61, 0xff, 0x0a);
    const decoded = decodeText(Uint8Array.from(bytes));
    expect(decoded.diagnostics).toHaveLength(20);
    expect(decoded.diagnostics.slice(0, 2).map(where)).toEqual(["1:2", "2:2"]);
    expect(decoded.diagnostics[19].message).toContain("30 invalid sequences in all");
  });

  it("on random bytes, every finding covers only U+FFFD and agrees with the text's positions", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const decoded = decodeText(bytes);
        let valid = true;
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        const invalid = decoded.diagnostics.filter((d) => d.code === "invalid-utf8");
        expect(invalid.length > 0).toBe(
          !valid && !decoded.diagnostics.some((d) => d.message.includes("UTF-16")),
        );
        for (const d of invalid) {
          const { start, end } = d.range;
          expect(start).toEqual(positionAt(decoded.text, start.offset));
          expect(decoded.text.slice(start.offset, end.offset)).toMatch(/^\uFFFD+$/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("readTextFile / readPnsFile", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "pns-read-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps a BOM for the parser to record", async () => {
    const file = path.join(dir, "bom.pns");
    writeFileSync(file, "\uFEFF@pns 1\n");
    const { text, diagnostics } = await readTextFile(file);
    expect(text).toBe("\uFEFF@pns 1\n");
    expect(diagnostics).toEqual([]);
    const parsed = await readPnsFile(file);
    expect(parsed.file.bom).toBe(true);
  });

  it("merges the reader's findings with the parser's, by position", async () => {
    const file = path.join(dir, "bad.pns");
    writeFileSync(
      file,
      Uint8Array.from([...new TextEncoder().encode("@pns 1\n\n@problem p\nQ"), 0xff, 0x0a]),
    );
    const { file: tree } = await readPnsFile(file);
    expect(tree.diagnostics.map((d) => `${d.code}@${where(d)}`)).toEqual([
      "missing-answer@3:1",
      "invalid-utf8@4:2",
    ]);
  });

  it("reports only the binary finding for a binary file", async () => {
    const file = path.join(dir, "blob.pns");
    writeFileSync(file, Uint8Array.from([0x00, 0x01, 0x02, 0x40, 0x0a, 0x41]));
    const { file: tree } = await readPnsFile(file);
    expect(tree.diagnostics.map((d) => d.code)).toEqual(["binary-file"]);
  });

  it("throws I/O errors for the caller to report", async () => {
    await expect(readTextFile(path.join(dir, "missing.pns"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
