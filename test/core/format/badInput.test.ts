// Issue 2's "Bad input" list: each case gets a precise finding with its location, the rest of the
// file is still read, nothing throws, and no text is lost on a round trip.
import { describe, expect, it } from "vitest";
import { decodeText, parse, serialize, type ParseDiagnostic } from "../../../server/src/core/format/index";
import { concatBytes as concat } from "../../support/bytes";

const where = (d: ParseDiagnostic) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`;
const codes = (text: string) => parse(text).diagnostics.map(where);
const utf8 = (text: string) => new TextEncoder().encode(text);

const TAIL = "@problem tail\nStill read.\n\n@answer 9\n";

describe("bad input", () => {
  it("empty file: a missing-header warning at 1:1, and an empty tree", () => {
    const file = parse("");
    expect(file.diagnostics.map(where)).toEqual(["missing-header@1:1"]);
    expect(file.problems).toEqual([]);
    expect(serialize(file)).toBe("@pns 1\n");
  });

  it("BOM: recorded, reported as info, written back", () => {
    const text = `\uFEFF@pns 1\n\n${TAIL}`;
    const file = parse(text);
    expect(file.bom).toBe(true);
    expect(file.diagnostics.map(where)).toEqual(["bom@1:1"]);
    expect(file.diagnostics[0].severity).toBe("info");
    expect(serialize(file)).toBe(text);
  });

  it("CRLF: bodies hold \\n only, the file is written back with \\r\\n", () => {
    const text = "@pns 1\r\n\r\n@problem p\r\nline one\r\nline two\r\n\r\n@answer 1\r\n";
    const file = parse(text);
    expect(file.eol).toBe("\r\n");
    expect(file.problems[0].statement.text).toBe("line one\nline two");
    expect(file.diagnostics).toEqual([]);
    expect(serialize(file)).toBe(text);
  });

  it("mixed line ends: a warning at the first minority line end, bodies normalised", () => {
    const text = "@pns 1\n\n@problem p\nline one\r\nline two\n\n@answer 1\n";
    const file = parse(text);
    expect(file.diagnostics.map(where)).toEqual(["mixed-eol@4:9"]);
    expect(file.problems[0].statement.text).toBe("line one\nline two");
    expect(serialize(file)).toBe(text.replace("\r\n", "\n"));
  });

  it("a lone CR inside a line is text, not a line end", () => {
    const file = parse("@pns 1\n\n@problem p\nprogress 10%\rprogress 100%\n\n@answer 1\n");
    expect(file.problems[0].statement.text).toBe("progress 10%\rprogress 100%");
  });

  it("invalid UTF-8: the reader reports line:col of the bad bytes; the parse reads on", () => {
    const bytes = concat(
      utf8("@pns 1\n\n@problem p\nna"),
      Uint8Array.from([0xef, 0xbc]),
      utf8("ve\n\n"),
      utf8(TAIL),
    );
    const decoded = decodeText(bytes);
    expect(decoded.diagnostics.map(where)).toEqual(["invalid-utf8@4:3"]);
    expect(decoded.diagnostics[0].message).toContain("EF BC");
    const file = parse(decoded.text);
    expect(file.problems.map((p) => p.id)).toEqual(["p", "tail"]);
    expect(file.problems[0].statement.text).toBe("na\uFFFDve");
  });

  it("a 50 MB single line: read whole, in one body, no text lost", () => {
    const line = "x".repeat(50 * 1024 * 1024);
    const file = parse(`@pns 1\n\n@problem big\n${line}\n\n@answer 1\n`);
    expect(file.diagnostics).toEqual([]);
    expect(file.problems[0].statement.text.length).toBe(line.length);
    // The same line with no header and no line end at all: stray text, kept.
    const bare = parse(line);
    expect(bare.diagnostics.map(where)).toEqual(["missing-header@1:1", "text-before-problem@1:1"]);
    expect(serialize(bare)).toBe(`@pns 1\n\n${line}\n`);
  });

  it("a binary file: one binary-file finding at the first NUL, nothing thrown", () => {
    const bytes = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0xff, 0x0a, 0x40, 0x00]);
    const decoded = decodeText(bytes);
    expect(decoded.binary).toBe(true);
    expect(decoded.diagnostics.map(where)).toContain("binary-file@1:8");
    expect(() => parse(decoded.text)).not.toThrow();
  });

  it("UTF-16 text is named as such", () => {
    const decoded = decodeText(Uint8Array.from([0xff, 0xfe, 0x40, 0x00, 0x70, 0x00]));
    expect(decoded.binary).toBe(true);
    expect(decoded.diagnostics[0].message).toContain("UTF-16");
  });

  it("duplicate ids: an error at the second id; both problems kept", () => {
    const text = "@pns 1\n\n@problem p\nA\n\n@answer 1\n\n@problem p\nB\n\n@answer 2\n";
    const file = parse(text);
    expect(file.diagnostics.map(where)).toEqual(["duplicate-id@8:10"]);
    expect(file.problems.map((p) => p.statement.text)).toEqual(["A", "B"]);
    expect(serialize(file)).toBe(text);
  });

  it("a sample before any problem: an error; its text is kept and the rest is read", () => {
    const text = `@pns 1\n\n@negative model=m\norphan response\n\n${TAIL}`;
    const file = parse(text);
    expect(file.diagnostics.map(where)).toEqual(["text-before-problem@3:1"]);
    expect(file.preamble!.samples[0].body.text).toBe("orphan response");
    expect(file.problems.map((p) => p.id)).toEqual(["tail"]);
    expect(serialize(file)).toBe(text);
  });

  it("a missing gold answer: an error on the problem line; the next problem is read", () => {
    const file = parse(`@pns 1\n\n@problem p\nQ\n\n@positive\nA\n\n${TAIL}`);
    expect(file.diagnostics.map(where)).toEqual(["missing-answer@3:1"]);
    expect(file.problems[1].answer!.text).toBe("9");
  });

  it("unknown directives: an error each; the lines stay in the body as text", () => {
    const text = "@pns 1\n\n@problem p\nQ\n\n@answer 1\n@positive\nsee\n@cite{x}\n@ end\n";
    expect(codes(text)).toEqual(["unknown-directive@9:1", "unknown-directive@10:1"]);
    const file = parse(text);
    expect(file.problems[0].samples[0].body.text).toBe("see\n@cite{x}\n@ end");
    // Written back, they become escaped text lines: the text survives, now unambiguous.
    expect(serialize(file)).toBe(text.replace("@cite", "@@cite").replace("@ end", "@@ end"));
  });
});

describe("serializing trees built by hand", () => {
  const base = parse("@pns 1\n\n@problem p\nQ\n\n@answer 1\n@positive\nA\n");

  it("a CRLF inside a body is written as the file's line end", () => {
    const file = structuredClone(base);
    file.problems[0].samples[0].body.text = "one\r\ntwo";
    const text = serialize(file);
    expect(text.endsWith("@positive\none\ntwo\n")).toBe(true);
    expect(parse(text).diagnostics).toEqual([]);
  });

  it("a line break in a comment, an id or a key never turns the rest into body text", () => {
    const file = structuredClone(base);
    const problem = file.problems[0];
    problem.leadingComments = [{ text: "first\nsecond", range: problem.range }];
    problem.id = "p\n@negative";
    problem.meta = [
      { key: "k\nx", value: "v", range: problem.range, keyRange: problem.range, valueRange: problem.range },
    ];
    const reread = parse(serialize(file));
    expect(reread.problems).toHaveLength(1);
    expect(reread.problems[0].samples.map((s) => s.role)).toEqual(["positive"]);
    expect(reread.problems[0].leadingComments.map((c) => c.text)).toEqual(["first", "second"]);
    expect(reread.problems[0].statement.text).toBe("Q");
  });
});
