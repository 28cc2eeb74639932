// Ranges on every node point at the right text, and the lookups the language server uses.
import { describe, expect, it } from "vitest";
import {
  findProblemAt,
  findSampleAt,
  metaValue,
  parse,
  sampleKey,
  type Range,
} from "../../../server/src/core/format/index";

const TEXT = [
  "@pns 1", //                                   1
  "@# header comment", //                        2
  "", //                                         3
  "@# about p1", //                              4
  '@problem p1 source=gsm8k note="two words"', // 5
  "Natalia sold $48$ clips.", //                 6
  "", //                                         7
  "@answer 72", //                               8
  "@positive model=gpt-4o", //                   9
  "She sold $48 + 24 = 72$.", //                 10
  "@# reviewer: fine", //                        11
  "@@misc{x}", //                                12
  "", //                                         13
  "@negative", //                                14
  "It is 62.", //                                15
  "", //                                         16
  "@problem p2", //                              17
  "Block answer.", //                            18
  "", //                                         19
  "@answer", //                                  20
  "\\frac{1}{2}", //                             21
  "  and more", //                               22
  "", //                                         23
].join("\n");

const slice = (r: Range) => TEXT.slice(r.start.offset, r.end.offset);
const lines = (r: Range) =>
  `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;

describe("ranges", () => {
  const file = parse(TEXT);
  const [p1, p2] = file.problems;

  it("parses cleanly", () => {
    expect(file.diagnostics).toEqual([]);
  });

  it("problem: header, id, metadata, statement, whole extent", () => {
    expect(slice(p1.headerRange)).toBe('@problem p1 source=gsm8k note="two words"');
    expect(slice(p1.idRange)).toBe("p1");
    expect(p1.meta.map((m) => [slice(m.range), slice(m.keyRange), slice(m.valueRange), m.value])).toEqual([
      ["source=gsm8k", "source", "gsm8k", "gsm8k"],
      ['note="two words"', "note", '"two words"', "two words"],
    ]);
    expect(slice(p1.statement.range)).toBe("Natalia sold $48$ clips.");
    expect(lines(p1.range)).toBe("5:1-15:10");
    expect(p1.leadingComments.map((c) => [c.text, lines(c.range)])).toEqual([["about p1", "4:1-4:12"]]);
    expect(file.headerComments.map((c) => c.text)).toEqual(["header comment"]);
  });

  it("inline and block answers", () => {
    expect(slice(p1.answer!.valueRange)).toBe("72");
    expect(slice(p1.answer!.range)).toBe("@answer 72");
    expect(p2.answer!.block).toBe(true);
    expect(p2.answer!.text).toBe("\\frac{1}{2}\n  and more");
    expect(slice(p2.answer!.valueRange)).toBe("\\frac{1}{2}\n  and more");
    expect(lines(p2.answer!.range)).toBe("20:1-22:11");
  });

  it("samples: role, header, body with a comment and an escaped line", () => {
    const [pos, neg] = p1.samples;
    expect(slice(pos.roleRange)).toBe("@positive");
    expect(slice(pos.headerRange)).toBe("@positive model=gpt-4o");
    expect(pos.body.text).toBe("She sold $48 + 24 = 72$.\n@misc{x}");
    expect(pos.body.comments.map((c) => [c.text, c.beforeLine, slice(c.range)])).toEqual([
      ["reviewer: fine", 1, "@# reviewer: fine"],
    ]);
    expect(lines(pos.body.range)).toBe("10:1-12:10");
    expect(lines(pos.range)).toBe("9:1-12:10");
    expect(slice(neg.range)).toBe("@negative\nIt is 62.");
  });

  it("an empty body sits at the end of its directive line", () => {
    const empty = parse("@pns 1\n\n@problem p\nQ\n\n@answer 1\n@negative\n\n@positive\nA\n").problems[0]
      .samples[0];
    expect(empty.body.text).toBe("");
    expect(lines(empty.body.range)).toBe("7:10-7:10");
  });
});

describe("lookups", () => {
  const file = parse(TEXT);
  const offsetOf = (needle: string) => TEXT.indexOf(needle);

  it("findProblemAt finds the problem around an offset, none between problems", () => {
    expect(findProblemAt(file, offsetOf("Natalia"))?.id).toBe("p1");
    expect(findProblemAt(file, offsetOf("\\frac"))?.id).toBe("p2");
    expect(findProblemAt(file, offsetOf("@# header"))).toBeUndefined();
    expect(findProblemAt(file, TEXT.length)).toBeUndefined();
  });

  it("findSampleAt names the sample and its index", () => {
    const hit = findSampleAt(file, offsetOf("It is 62"));
    expect(hit?.problem.id).toBe("p1");
    expect(hit?.index).toBe(1);
    expect(hit?.sample.role).toBe("negative");
    expect(findSampleAt(file, offsetOf("Natalia"))).toBeUndefined();
  });

  it("sampleKey and metaValue", () => {
    expect(sampleKey(file.problems[0], 1)).toBe("p1#1");
    expect(metaValue(file.problems[0].meta, "note")).toBe("two words");
    expect(metaValue(file.problems[0].meta, "level")).toBeUndefined();
  });

  it("parsed metadata serializes to JSON with all its ranges", () => {
    const json = JSON.parse(JSON.stringify(file.problems[0].meta[0])) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(["key", "keyRange", "range", "value", "valueRange"]);
  });
});
