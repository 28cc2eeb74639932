import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultSettings } from "../../../server/src/core/config/index";
import { serialize } from "../../../server/src/core/format/index";
import { fileArb, lineArb } from "../format/arbitraries";
import { streamAnalysis, streamSegments, wholeAnalysis, wholeFile } from "../../node/streamHarness";

const RUNS = { numRuns: Number(process.env.PNS_FC_RUNS ?? 150) };
const root = path.resolve(__dirname, "../../..");
const repoFiles = execFileSync("git", ["ls-files", "*.pns"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter(Boolean);

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Streams the bytes and checks diagnostics, problems and the analysis against the whole-file way. */
async function expectSameAsWhole(bytes: Uint8Array, chunk: number): Promise<void> {
  const whole = wholeFile(bytes);
  const segments = await streamSegments(bytes, chunk);
  // readPnsFile leaves a binary file's reader findings unsorted (binary-file first); streamed,
  // they come in file order, as every other file's do.
  const byOffset = (list: typeof whole.diagnostics) =>
    [...list].sort((a, b) => a.range.start.offset - b.range.start.offset);
  expect(segments.flatMap((s) => s.diagnostics)).toEqual(byOffset(whole.diagnostics));
  expect(segments.flatMap((s) => s.file.problems.map((p) => p.id))).toEqual(whole.problems.map((p) => p.id));
  const settings = defaultSettings();
  const streamed = await streamAnalysis(bytes, chunk, settings);
  const expected = wholeAnalysis(bytes, settings);
  expect(streamed.findings).toEqual(expected.findings);
  expect(streamed.samples).toEqual(expected.samples);
}

describe("streaming parse equals the whole-file parse", () => {
  it("on every .pns file in the repository, in small and large chunks", async () => {
    expect(repoFiles.length).toBeGreaterThan(3);
    for (const file of repoFiles) {
      const bytes = new Uint8Array(readFileSync(path.join(root, file)));
      for (const chunk of [1, 97, 1 << 20]) await expectSameAsWhole(bytes, chunk);
    }
  });

  it("on generated files with mixed line ends, duplicate ids, comments and hostile lines", async () => {
    const textArb = fc
      .tuple(fileArb, fc.array(lineArb, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean())
      .map(([file, extra, spots, crlf]) => {
        // Serialized trees are canonical; splice in stray lines and flip some line ends.
        const lines = serialize({ ...file, eol: "\n" }).split("\n");
        extra.forEach((line, i) => lines.splice((spots[i] ?? 0) % (lines.length + 1), 0, line));
        return lines.map((l, i) => (crlf !== (i % 3 === 0) ? `${l}\r` : l)).join("\n");
      });
    await fc.assert(
      fc.asyncProperty(textArb, fc.integer({ min: 1, max: 200 }), async (text, chunk) => {
        await expectSameAsWhole(encode(text), chunk);
      }),
      RUNS,
    );
  });

  it("reports duplicate ids across segments with the first line, and mixed line ends once", async () => {
    const text =
      "@pns 1\r\n\r\n@problem a\r\nx\r\n\r\n@answer 1\n\n@problem b\ny\n\n@answer 2\n\n@problem a\nz\n\n@answer 3\n";
    await expectSameAsWhole(encode(text), 8);
    const codes = (await streamSegments(encode(text), 8)).flatMap((s) => s.diagnostics.map((d) => d.code));
    expect(codes).toEqual(["mixed-eol", "duplicate-id"]);
  });

  it("places invalid UTF-8 and NUL findings as the whole-file reader does", async () => {
    const parts = ["@pns 1\n\n@problem p\nbad ", "\xff\xfe", " here\n\n@answer 1\n@positive\n", "\x00", "\n"];
    const bytes = new Uint8Array(parts.flatMap((p) => [...p].map((c) => c.charCodeAt(0))));
    await expectSameAsWhole(bytes, 5);
    const many = encode("@pns 1\n\n@problem p\n" + "x\n".repeat(3)).slice();
    const lines: number[] = [...many];
    for (let i = 0; i < 30; i++) lines.push(0x61, 0xc3, 0x0a);
    lines.push(...encode("\n@answer 1\n"));
    await expectSameAsWhole(new Uint8Array(lines), 16);
  });
});
