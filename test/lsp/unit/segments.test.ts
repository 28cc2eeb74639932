/**
 * The segmented document against the obvious model: after any sequence of edits, the segments
 * hold exactly the text a plain string would, cut exactly where a fresh split would cut it, with
 * consistent offsets and first lines, and offsetAt agrees with a naive line table.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countLineEnds } from "../../../server/src/core/format/index";
import { splitSegments } from "../../../server/src/lsp/document/segmenter";
import { SegmentedText } from "../../../server/src/lsp/document/segments";

const LINES = [
  "@pns 1",
  "@problem a",
  "@problem b source=x",
  "@# comment",
  "@answer 4",
  "@positive",
  "@negative kind=plausible",
  "@@problem escaped",
  "text $x = 1$",
  "",
  "@problemx",
];

const lineText = fc.constantFrom(...LINES);
const document = fc.array(lineText, { maxLength: 30 }).map((lines) => lines.join("\n"));
const insertion = fc.oneof(
  fc.constantFrom("\n", "\r\n", "\r", "@", "@problem c\r\n", "@problem c\n", "\n@# note\n", "x", "", "\n\n"),
  fc.array(lineText, { maxLength: 3 }).map((l) => l.join("\n")),
);

function check(model: string, text: SegmentedText<unknown>): void {
  expect(text.getText()).toBe(model);
  expect(text.segments.map((s) => s.text)).toEqual(splitSegments(model));
  let offset = 0;
  let line = 0;
  for (const segment of text.segments) {
    expect(segment.start).toBe(offset);
    expect(segment.startLine).toBe(line);
    const ends = countLineEnds(segment.text);
    expect(segment.lineBreaks).toBe(ends.lf + ends.crlf);
    expect(segment.crlfBreaks).toBe(ends.crlf);
    offset += segment.text.length;
    line += segment.lineBreaks;
  }
  // The totals that the file-level `mixed-eol` check reads, kept by the edits themselves.
  expect(text.lineEnds).toEqual(countLineEnds(model));
}

describe("SegmentedText", () => {
  it("matches a plain string under random edits", () => {
    fc.assert(
      fc.property(
        document,
        fc.array(fc.tuple(fc.nat(), fc.nat(8), insertion), { maxLength: 12 }),
        (initial, edits) => {
          let model = initial;
          const text = new SegmentedText<unknown>(initial);
          check(model, text);
          for (const [at, length, inserted] of edits) {
            const from = at % (model.length + 1);
            const to = Math.min(model.length, from + length);
            model = model.slice(0, from) + inserted + model.slice(to);
            text.applyEdit(from, to, inserted);
            check(model, text);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("maps LSP positions to offsets like a line table, clamping past line and file ends", () => {
    fc.assert(
      fc.property(document, fc.nat(40), fc.nat(30), (model, line, character) => {
        const text = new SegmentedText<unknown>(model);
        const starts = [0];
        for (let i = 0; i < model.length; i++) if (model[i] === "\n") starts.push(i + 1);
        const expected =
          line >= starts.length
            ? model.length
            : Math.min(
                starts[line] + character,
                line + 1 < starts.length ? starts[line + 1] - 1 : model.length,
              );
        expect(text.offsetAt(line, character)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps the state of segments an edit does not touch", () => {
    const text = new SegmentedText<string>(
      "@pns 1\n\n@problem a\nA\n\n@problem b\nB\n\n@problem c\nC\n\n@problem d\nD\n",
    );
    text.segments.forEach((s, i) => (s.state = `state-${i}`));
    const d = text.segments[4];
    text.applyEdit(d.start + d.text.indexOf("D"), d.start + d.text.indexOf("D") + 1, "DD");
    expect(text.segments.map((s) => s.state)).toEqual([
      "state-0",
      "state-1",
      "state-2",
      "state-3",
      undefined,
    ]);
  });

  it("attaches comment lines directly above a problem to that problem's segment", () => {
    expect(splitSegments("@pns 1\n@problem a\nA\n@# about b\n@problem b\nB\n")).toEqual([
      "@pns 1\n",
      "@problem a\nA\n",
      "@# about b\n@problem b\nB\n",
    ]);
  });
});
