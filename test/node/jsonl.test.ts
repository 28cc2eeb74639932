import { describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import { readJsonl, readLines } from "../../server/src/io/jsonl";

/** Feeds bytes in chunks of `size`, so lines and UTF-8 characters get cut at every position. */
function chunks(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.slice(i, i + size));
  return Readable.from(parts);
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("readLines", () => {
  const text = "\uFEFFfirst €\r\nsecond 😀\n\nlast without end";

  it.each([1, 2, 3, 7, 1000])(
    "splits lines and reassembles characters cut between chunks of %i bytes",
    async (size) => {
      const lines = await collect(readLines(chunks(utf8(text), size)));
      expect(lines).toEqual([
        { line: 1, text: "first €", invalidUtf8: false },
        { line: 2, text: "second 😀", invalidUtf8: false },
        { line: 3, text: "", invalidUtf8: false },
        { line: 4, text: "last without end", invalidUtf8: false },
      ]);
    },
  );

  it("flags a line with invalid UTF-8 and replaces the bytes, leaving other lines alone", async () => {
    const bytes = new Uint8Array([...utf8("ok\n"), 0x61, 0xff, 0x62, 0x0a, ...utf8("fine\n")]);
    expect(await collect(readLines(chunks(bytes, 2)))).toEqual([
      { line: 1, text: "ok", invalidUtf8: false },
      { line: 2, text: "a\uFFFDb", invalidUtf8: true },
      { line: 3, text: "fine", invalidUtf8: false },
    ]);
  });

  it("yields nothing for empty input and no phantom line after a final newline", async () => {
    expect(await collect(readLines(chunks(utf8(""), 4)))).toEqual([]);
    expect(await collect(readLines(chunks(utf8("a\n"), 4)))).toHaveLength(1);
  });
});

describe("readJsonl", () => {
  it("parses each line on its own, skips blank lines and locates errors by column", async () => {
    const input = ['{"a": 1}', "   ", '{"a": }', "[1,", '"str"'].join("\n");
    const records = await collect(readJsonl(chunks(utf8(input), 5)));
    expect(records).toEqual([
      { line: 1, text: '{"a": 1}', value: { a: 1 }, invalidUtf8: false },
      {
        line: 3,
        text: '{"a": }',
        error: { column: 7, message: expect.stringContaining("expected a JSON value") },
      },
      {
        line: 4,
        text: "[1,",
        error: { column: 4, message: expect.stringContaining("unexpected end of line") },
      },
      { line: 5, text: '"str"', value: "str", invalidUtf8: false },
    ]);
  });
});
