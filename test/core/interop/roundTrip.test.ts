import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse, serialize } from "../../../server/src/core/format/index";
import { DatasetImporter, pnsJsonlRows, shapeByName } from "../../../server/src/core/interop/index";

/** Imports rows as `shape` and returns the canonical text. */
function importText(shape: string, rows: unknown[]): string {
  const importer = new DatasetImporter(shapeByName(shape)!);
  rows.forEach((row, i) => importer.add(row, i + 1));
  return serialize(importer.finish().file);
}

// Text a dataset may hold: directive look-alikes, escapes, LaTeX, CRLF, tabs, blank lines, Unicode.
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "@problem x",
        "@@",
        "@# c",
        "@answer",
        "\\boxed{",
        "}",
        "$$",
        "\r\n",
        "\r",
        "\t",
        " ",
        "\n",
        "\n\n",
        "😀",
        "\u00a0",
      ),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(""));
const nonBlank = fc.tuple(fc.stringMatching(/^[A-Za-z0-9]{1,4}$/), hostile).map(([a, b]) => a + b);

const gsm8kRow = fc.record({
  question: nonBlank,
  answer: fc.tuple(hostile, nonBlank).map(([s, g]) => `${s}\n#### ${g}`),
});
const mathRow = fc.record({
  problem: nonBlank,
  solution: fc.tuple(hostile, fc.stringMatching(/^[a-z0-9+]{1,4}$/)).map(([s, g]) => `${s} \\boxed{${g}}`),
  level: fc.oneof(fc.string({ maxLength: 5 }), fc.integer()),
});
const trlRow = fc.record({
  prompt: fc.constantFrom("What is 1+1?", "Solve x.", "@weird prompt"),
  chosen: fc.tuple(hostile, fc.nat(9)).map(([s, g]) => `${s} \\boxed{${g}}`),
  rejected: hostile,
});

describe("import, export --format jsonl, import: byte-identical for any rows", () => {
  it.each([
    ["gsm8k", gsm8kRow],
    ["math", mathRow],
    ["trl", trlRow],
  ] as const)("%s", (shape, row) => {
    fc.assert(
      fc.property(fc.array(row as fc.Arbitrary<unknown>, { minLength: 1, maxLength: 6 }), (rows) => {
        const first = importText(shape, rows);
        const file = parse(first);
        expect(file.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const exported = [...pnsJsonlRows(file)].map((r) => JSON.parse(JSON.stringify(r)) as unknown);
        expect(importText("pns-jsonl", exported)).toBe(first);
      }),
      { numRuns: 150 },
    );
  });
});
