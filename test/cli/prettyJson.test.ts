import { PassThrough } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Output } from "../../server/src/cli/output";
import { writePrettyWithList } from "../../server/src/cli/prettyJson";
import { LineSpool } from "../../server/src/io/spool";

async function render(value: Record<string, unknown>, key: string, items: unknown[], indent: number) {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (d: Buffer) => (text += d.toString()));
  const out = new Output(stream, 7);
  // A spool that spills to disk after a few bytes, as a big report does.
  const spool = new LineSpool(16);
  for (const item of items) spool.push(JSON.stringify(item));
  await writePrettyWithList(out, value, key, spool.entries(), spool.count, indent);
  await out.flush();
  return text;
}

describe("streamed pretty JSON (lint and score --format json)", () => {
  it("writes what JSON.stringify(value, null, 2) writes, at any nesting", async () => {
    const leaf = fc.oneof(
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const item = fc.dictionary(
      fc.string({ maxLength: 4 }),
      fc.oneof(
        leaf,
        fc.array(leaf, { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 3 }), leaf, { maxKeys: 2 }),
      ),
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.string({ maxLength: 5 }).filter((k) => k !== "list"),
          leaf,
          { maxKeys: 3 },
        ),
        fc.array(item, { maxLength: 5 }),
        fc.nat(3),
        async (value, items, depth) => {
          const indent = depth * 2;
          const expected = JSON.stringify({ ...value, list: items }, null, 2).replace(
            /\n/g,
            `\n${" ".repeat(indent)}`,
          );
          expect(await render(value, "list", items, indent)).toBe(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
