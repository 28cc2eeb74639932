import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../server/src/cli/main";
import { CASE_FILE, loadCases } from "../core/grader/caseFile";
import { captureIo } from "../support/cliIo";

function capture(stdinText?: string) {
  return captureIo({ stdin: stdinText });
}

const dir = mkdtempSync(path.join(tmpdir(), "pns-grade-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pns grade <gold> <pred>", () => {
  it("prints a human-readable verdict with the extraction and exits 0 when equal", async () => {
    const c = capture();
    expect(await runCli(["grade", "\\frac{1}{2}", "So the answer is $\\boxed{0.5}$."], c.io)).toBe(0);
    expect(c.out()).toContain("EQUAL");
    expect(c.out()).toMatch(/extracted: 0\.5 {2}\[boxed, offsets \d+-\d+\]/);
    expect(c.out()).toContain("rule: exact-rational");
  });

  it("--explain shows the kernel's tokens of both sides (a row break, a unit word)", async () => {
    const c = capture();
    expect(await runCli(["grade", "--explain", "42 cm", "So it is \\boxed{42 \\text{ inches}}."], c.io)).toBe(
      1,
    );
    expect(c.out()).toContain("NOT GRADABLE");
    expect(c.out()).toContain("gold tokens:  number:42 word:cm");
    expect(c.out()).toContain("pred cleaned: number:42 word:inches");
    const m = capture();
    expect(
      await runCli(
        [
          "grade",
          "--explain",
          "--json",
          "\\begin{pmatrix}4\\\\-1\\end{pmatrix}",
          "\\begin{pmatrix} 4 \\\\ -1 \\end{pmatrix}",
        ],
        m.io,
      ),
    ).toBe(0);
    const v = JSON.parse(m.out()) as { explain: { gold: { tokens: string }; pred: { tokens: string } } };
    expect(v.explain.gold.tokens).toContain("number:4 row:\\\\ operator:- number:1");
    expect(v.explain.pred.tokens).toContain("number:4 row:\\\\ operator:- number:1");
  });

  it("extracts the answer of a gold that is a whole solution", async () => {
    const c = capture();
    expect(
      await runCli(["grade", "--json", "We find $x=3$, so the answer is $\\boxed{3}$.", "3"], c.io),
    ).toBe(0);
    const v = JSON.parse(c.out()) as { goldExtraction: { text: string; method: string } };
    expect(v.goldExtraction).toMatchObject({ text: "3", method: "boxed" });
  });

  it("exits 1 when not equal", async () => {
    const c = capture();
    expect(await runCli(["grade", "50", "0.5"], c.io)).toBe(1);
    expect(c.out()).toContain("NOT EQUAL");
    expect(c.out()).toContain("significant digits");
  });

  it("--json prints one JSON object", async () => {
    const c = capture();
    expect(await runCli(["grade", "--json", "[1,2]", "(1,2)"], c.io)).toBe(1);
    const v = JSON.parse(c.out()) as { equal: boolean; reason: string; extracted: string };
    expect(v.equal).toBe(false);
    expect(v.extracted).toBe("(1,2)");
    expect(v.reason).toContain("brackets differ");
  });

  it("--answer compares without extraction", async () => {
    const c = capture();
    // As a response, the last number (2) would be extracted; as an answer it is the whole list.
    expect(await runCli(["grade", "--answer", "--json", "1, 2", "1 and 2"], c.io)).toBe(0);
    expect((JSON.parse(c.out()) as { extraction?: unknown }).extraction).toBeUndefined();
  });

  it("rejects bad usage with exit 2", async () => {
    for (const argv of [
      ["grade"],
      ["grade", "1"],
      ["grade", "--input", "x.jsonl", "1", "2"],
      ["grade", "--bogus", "1", "2"],
    ]) {
      const c = capture();
      expect(await runCli(argv, c.io), argv.join(" ")).toBe(2);
      expect(c.err()).toMatch(/^pns grade: /);
    }
  });
});

describe("pns grade --input", () => {
  it("writes one line per input line in order, with error objects naming bad and empty lines", async () => {
    const file = path.join(dir, "mixed.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({ gold: "3", pred: "#### 3", id: "ignored" }),
        "{not json",
        "",
        JSON.stringify({ gold: "3" }),
        JSON.stringify([1, 2]),
        JSON.stringify({ gold: "x+1", pred: "1+x" }),
      ].join("\n"),
    );
    const c = capture();
    expect(await runCli(["grade", "--input", file], c.io)).toBe(1);
    const out = c
      .out()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out.map((o) => o.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out[0]).toMatchObject({ equal: true, extracted: "3", extraction: { method: "gsm8k" } });
    expect(out[1].error).toMatch(/^invalid JSON/);
    expect(out[2].error).toBe("empty line");
    expect(out[3].error).toBe('"pred" must be a string, got nothing');
    expect(out[4].error).toBe("expected a JSON object");
    expect(out[5]).toMatchObject({ equal: true, kind: "expression", rule: "sampling" });
    expect(c.err()).toContain("4 of 6 lines");
  });

  it("reads stdin with -", async () => {
    const c = capture(`${JSON.stringify({ gold: "\\pi", pred: "3.14" })}\n`);
    expect(await runCli(["grade", "-i", "-"], c.io)).toBe(0);
    expect(JSON.parse(c.out())).toMatchObject({ line: 1, equal: false, rule: "decimal-precision" });
  });

  it("reports an unreadable file as a usage error", async () => {
    const c = capture();
    expect(await runCli(["grade", "--input", path.join(dir, "missing.jsonl")], c.io)).toBe(2);
    expect(c.err()).toContain("cannot read");
  });

  it("agrees with the public case file line by line", async () => {
    const c = capture();
    expect(await runCli(["grade", "--input", CASE_FILE], c.io)).toBe(0);
    const out = c.out().trim().split("\n");
    const cases = loadCases();
    expect(out).toHaveLength(cases.length);
    out.forEach((line, i) => {
      const v = JSON.parse(line) as { line: number; equal: boolean };
      expect(v.line).toBe(cases[i].line);
      expect(v.equal, `line ${v.line}`).toBe(cases[i].equal);
    });
    expect(readFileSync(CASE_FILE, "utf8").trim().split("\n")).toHaveLength(cases.length);
  });
});
