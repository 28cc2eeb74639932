// Issue 16, point 6: `pns fmt` never changes text. Over files made of every mix of `\r`, `\n`,
// `\r\n`, control characters and Unicode, the formatter (streamed, through the CLI) either refuses
// with a syntax finding or writes a file that a second `fmt` leaves alone and that holds the same
// texts; and its output equals the whole-text canonical form, `serialize(parse(text))`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../server/src/cli/main";
import {
  parse,
  type PnsFile,
  serialize,
  SYNTAX_CODES,
  type ParseCode,
} from "../../server/src/core/format/index";
import { captureIo } from "../support/cliIo";

const RUNS = { numRuns: Number(process.env.PNS_FC_RUNS ?? 300) };
const dir = mkdtempSync(path.join(tmpdir(), "pns-fmt-text-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PIECES = [
  ...["@problem p1", "@problem p2 a=1", "@answer 3", "@answer", "@positive", "@negative k=v"],
  ...["@# c", "@#", "@@x", "@pns 1", "text", "\\boxed{7}", "", " ", "\t"],
  ...["\r", "x\r", "a\rb", "\u0001", "\u000b", "\f", "\u001b[0m", "\u007f", "\u0085"],
  ...["é", "😀", "\u2028", "\ufeff", "\ud800", "ß→∑"],
];
const lineArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((parts) => parts.join(""));
const eolArb = fc.constantFrom("\n", "\r\n", "\r");
const fileArb = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(lineArb, eolArb), { maxLength: 16 }))
  .map(([header, lines]) => `${header ? "@pns 1\n\n" : ""}${lines.map(([l, e]) => l + e).join("")}`);

/** The texts a tree says: ids, metadata, bodies, answers, comments (ranges aside). */
function texts(file: PnsFile): unknown {
  const comments = (list: { text: string }[]) => list.map((c) => c.text);
  return {
    header: comments(file.headerComments),
    trailing: comments(file.trailingComments),
    problems: [...(file.preamble ? [file.preamble] : []), ...file.problems].map((p) => ({
      id: p.id,
      meta: p.meta.map((m) => [m.key, m.value]),
      leading: comments(p.leadingComments),
      statement: [p.statement.text, comments(p.statement.comments)],
      answers: [p.answer, ...(p.duplicateAnswers ?? [])].map((a) => a && [a.text, comments(a.comments)]),
      samples: p.samples.map((s) => [
        s.role,
        s.meta.map((m) => [m.key, m.value]),
        comments(s.leadingComments),
        s.body.text,
        comments(s.body.comments),
      ]),
    })),
  };
}

let counter = 0;
async function fmt(text: string): Promise<{ code: number; out: string; err: string }> {
  const file = path.join(dir, `f${counter++}.pns`);
  writeFileSync(file, text);
  const c = captureIo({ cwd: dir });
  const code = await runCli(["fmt", file], c.io);
  const out = readFileSync(file, "utf8");
  rmSync(file);
  return { code, out, err: c.err() };
}

describe("pns fmt never changes text", () => {
  it("refuses with a finding, or writes a fixed point that says the same", async () => {
    let formatted = 0;
    await fc.assert(
      fc.asyncProperty(fileArb, async (generated) => {
        // What a file can hold: an unpaired surrogate is written as U+FFFD.
        const text = Buffer.from(generated).toString("utf8");
        const tree = parse(text);
        const blocking = tree.diagnostics.filter((d) => SYNTAX_CODES.has(d.code as ParseCode));
        const first = await fmt(text);
        if (blocking.length > 0) {
          expect(first.code).toBe(1);
          expect(first.out).toBe(text);
          for (const d of blocking) expect(first.err).toContain(`[${d.code}]`);
          return;
        }
        formatted++;
        expect(first.code).toBe(0);
        // The streamed output is the whole-text canonical form.
        expect(first.out).toBe(serialize(tree));
        expect(texts(parse(first.out))).toEqual(texts(tree));
        const second = await fmt(first.out);
        expect(second).toEqual({ code: 0, out: first.out, err: "" });
      }),
      RUNS,
    );
    expect(formatted).toBeGreaterThan(RUNS.numRuns / 10);
  });

  it("reports a line that ends with \\r before \\r\\n in a file of \\n line ends, and keeps the file", async () => {
    const text = "@pns 1\n\n@problem p\nfoo\r\r\nbar\n\n@answer 1\n";
    const result = await fmt(text);
    expect(result.code).toBe(1);
    expect(result.out).toBe(text);
    expect(result.err).toMatch(/:4:4: error: .*carriage return.* \[cr-at-line-end\]/);
    // With \r\n line ends the same text is written back as it was.
    const crlf = text.replace(/(?<!\r)\n/g, "\r\n");
    expect(await fmt(crlf)).toEqual({ code: 0, out: crlf, err: "" });
  });
});
