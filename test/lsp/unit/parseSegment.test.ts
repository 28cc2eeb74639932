/**
 * The language server parses each segment (header, then one per problem) on its own. For any
 * document, the segments' problems and findings, moved to the segment's place, must be exactly
 * what a parse of the whole file gives: the per-segment parse is the whole-file parse, cut up.
 * File-level findings (duplicate ids, mixed line ends) are the LSP's own business, left out.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "../../../server/src/core/format/index";
import { parseSegment } from "../../../server/src/lsp/document/parseSegment";
import { splitSegments } from "../../../server/src/lsp/document/segmenter";

const LINES = [
  "@pns 1",
  "@problem a",
  "@problem b source=x",
  "@# comment",
  "@# pns-disable repetition",
  "@answer 4",
  "@answer",
  "@answer \t",
  "   ",
  "@positive",
  "@negative kind=plausible",
  "@@problem escaped",
  "The answer is $\\boxed{4}$.",
  "text $x = 1$",
  "",
  "",
  "@problemx",
  "@unknown directive",
];
const FILE_LEVEL = new Set(["duplicate-id", "mixed-eol"]);

const documentText = fc
  .tuple(fc.array(fc.constantFrom(...LINES), { maxLength: 40 }), fc.boolean(), fc.boolean())
  .map(
    ([lines, crlf, finalEol]) => lines.join(crlf ? "\r\n" : "\n") + (finalEol ? (crlf ? "\r\n" : "\n") : ""),
  );

interface Shift {
  line: number;
  offset: number;
}

/** A deep copy with every position moved by `shift` (segment-relative → document). */
function shifted<T>(value: T, shift: Shift): T {
  if (Array.isArray(value)) return value.map((v: unknown) => shifted(v, shift)) as T;
  if (value === null || typeof value !== "object") return value;
  const v = value as Record<string, unknown>;
  if (typeof v.line === "number" && typeof v.offset === "number" && typeof v.character === "number")
    return { ...v, line: v.line + shift.line, offset: v.offset + shift.offset } as T;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shifted(x, shift)])) as T;
}

describe("parseSegment", () => {
  it("gives, segment by segment, what a whole-file parse gives", () => {
    fc.assert(
      fc.property(documentText, (text) => {
        const whole = parse(text);
        const pieces = splitSegments(text);
        const problems: unknown[] = [];
        const diagnostics: unknown[] = [];
        let offset = 0;
        let line = 0;
        pieces.forEach((piece, i) => {
          const holdsFirstLine = i === 0 || (i === 1 && pieces[0] === "");
          const parsed = parseSegment(piece, i === 0, i === pieces.length - 1, holdsFirstLine);
          const shift = { line, offset };
          problems.push(...shifted(parsed.problems, shift));
          for (const d of parsed.diagnostics)
            if (!FILE_LEVEL.has(d.code)) diagnostics.push(shifted(d, shift));
          offset += piece.length;
          line += piece.split("\n").length - 1;
        });
        expect(problems).toEqual(whole.problems);
        expect(diagnostics).toEqual(whole.diagnostics.filter((d) => !FILE_LEVEL.has(d.code)));
      }),
      { numRuns: 1000 },
    );
  });
});
