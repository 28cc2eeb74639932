import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LineSpool, TextSpool } from "../../server/src/io/spool";

async function readAll(spool: TextSpool): Promise<string> {
  let text = "";
  for await (const chunk of spool.chunks()) text += chunk;
  return text;
}

const spoolDirs = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith("pns-spool-"));

describe("TextSpool", () => {
  it("gives back in memory what fits under its limit", async () => {
    const spool = new TextSpool(100);
    spool.push("ab");
    spool.push("");
    spool.push("c\nd");
    expect(await readAll(spool)).toBe("abc\nd");
  });

  it("spills past its limit and gives back every character, multi-byte ones across chunks too, then removes its file", async () => {
    const before = new Set(spoolDirs());
    const spool = new TextSpool(1000);
    const pieces = Array.from({ length: 3000 }, (_, i) => `${i} ∑é😀\r\n`);
    for (const piece of pieces) spool.push(piece);
    const created = spoolDirs().filter((d) => !before.has(d));
    expect(created).toHaveLength(1);
    expect(await readAll(spool)).toBe(pieces.join(""));
    expect(existsSync(`${tmpdir()}/${created[0]}`)).toBe(false);
  });

  it("removes its file when disposed unread", () => {
    const before = new Set(spoolDirs());
    const spool = new TextSpool(10);
    spool.push("x".repeat(20));
    expect(spoolDirs().filter((d) => !before.has(d))).toHaveLength(1);
    spool.dispose();
    expect(spoolDirs().filter((d) => !before.has(d))).toHaveLength(0);
  });
});

async function readEntries(spool: LineSpool): Promise<string[]> {
  const entries: string[] = [];
  for await (const entry of spool.entries()) entries.push(entry);
  return entries;
}

describe("LineSpool", () => {
  it("gives back its entries, empty ones too, when they stay in memory", async () => {
    const spool = new LineSpool(1000);
    for (const entry of ["a", "", "∑é😀", "b"]) spool.push(entry);
    expect(spool.count).toBe(4);
    expect(await readEntries(spool)).toEqual(["a", "", "∑é😀", "b"]);
    expect(spool.count).toBe(0);
  });

  it("spills past its limit and gives back every entry in order, then removes its file", async () => {
    const before = new Set(spoolDirs());
    const spool = new LineSpool(100);
    const entries = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ i, text: `∑é😀 ${i}` }));
    for (const entry of entries) spool.push(entry);
    const created = spoolDirs().filter((d) => !before.has(d));
    expect(created).toHaveLength(1);
    expect(spool.count).toBe(entries.length);
    expect(await readEntries(spool)).toEqual(entries);
    expect(existsSync(`${tmpdir()}/${created[0]}`)).toBe(false);
  });

  it("removes its file when disposed unread", () => {
    const before = new Set(spoolDirs());
    const spool = new LineSpool(10);
    spool.push("x".repeat(20));
    expect(spoolDirs().filter((d) => !before.has(d))).toHaveLength(1);
    spool.dispose();
    expect(spoolDirs().filter((d) => !before.has(d))).toHaveLength(0);
  });
});
