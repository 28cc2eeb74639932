import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fileFindings,
  parse,
  summarizePart,
  type ParseDiagnostic,
  type PartSummary,
  type PnsFile,
} from "../../../server/src/core/format/index";

const FILE_LEVEL = new Set(["duplicate-id", "mixed-eol"]);
const LINES = [
  "@pns 1",
  "@problem a",
  "@problem b",
  "@problem a x=1",
  "@answer 4",
  "@positive",
  "text",
  "",
  "@# c",
];
const EOLS = ["\n", "\r\n"];

/** Lines with random line ends, and where to cut the text into parts (at line starts). */
const split = fc
  .array(fc.tuple(fc.constantFrom(...LINES), fc.constantFrom(...EOLS), fc.boolean()), { maxLength: 40 })
  .map((lines) => {
    let text = "";
    const cuts: number[] = [];
    for (const [line, eol, cut] of lines) {
      if (cut && text.length > 0) cuts.push(text.length);
      text += line + eol;
    }
    return { text, cuts };
  });

const placed = (d: ParseDiagnostic, line: number) => ({
  code: d.code,
  message: d.message,
  line: d.range.start.line + line,
  character: d.range.start.character,
});

const inOrder = <T extends { line: number; character: number; code: string }>(rows: T[]): T[] =>
  [...rows].sort((a, b) => a.line - b.line || a.character - b.character || a.code.localeCompare(b.code));

describe("file-level checks from per-part summaries", () => {
  it("give the whole-file parse's findings when a file is read part by part", () => {
    fc.assert(
      fc.property(split, ({ text, cuts }) => {
        const whole = parse(text).diagnostics.filter((d) => FILE_LEVEL.has(d.code));
        const bounds = [0, ...cuts, text.length];
        const parts: PartSummary[] = [];
        let line = 0;
        for (let k = 0; k + 1 < bounds.length; k++) {
          const part = text.slice(bounds[k], bounds[k + 1]);
          const file: PnsFile = parse(part, { fileChecks: false });
          expect(file.diagnostics.some((d) => FILE_LEVEL.has(d.code))).toBe(false);
          const ids = file.problems.filter((p) => p.id !== "").map((p) => ({ id: p.id, range: p.idRange }));
          parts.push(summarizePart(part, ids, { line, offset: bounds[k] }));
          line += part.split("\n").length - 1;
        }
        const found = fileFindings(parts).map(({ part, finding }) => placed(finding, parts[part].line));
        expect(inOrder(found)).toEqual(inOrder(whole.map((d) => placed(d, 0))));
      }),
      { numRuns: 300 },
    );
  });

  it("word duplicate ids and mixed line ends as lint prints them", () => {
    const file = parse("@pns 1\n@problem a\nq\r\n@answer 1\n@problem a\nq\n@answer 1\n");
    expect(file.diagnostics.map((d) => `${d.range.start.line}:${d.code}: ${d.message}`)).toEqual([
      "2:mixed-eol: mixed line ends: 1 lines end with \\r\\n and 6 with \\n; written back as \\n",
      "4:duplicate-id: duplicate problem id 'a' (first used on line 2)",
    ]);
  });
});
