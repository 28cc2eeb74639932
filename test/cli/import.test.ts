import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fixtures, pns, tempDir } from "./interopHarness";
import { parse } from "../../server/src/core/format/index";

const fixture = (name: string) => path.join(fixtures, name);

describe("pns import: shapes", () => {
  it("detects GSM8K, says so on stderr, keeps calculator annotations and escapes @ lines", async () => {
    const r = await pns(["import", fixture("gsm8k.jsonl")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("detected shape gsm8k (5 of the first 5 rows)");
    const file = parse(r.stdout);
    expect(file.diagnostics).toEqual([]);
    expect(file.problems).toHaveLength(5);
    expect(file.problems.map((p) => p.answer?.text)).toEqual(["48", "35.50", "600/7", "29", "36"]);
    expect(file.problems[0].samples[0].body.text).toContain("<<36/3=12>>12");
    expect(r.stdout).toContain("\n@@rabbits: 36 - 7");
    expect(file.problems[3].samples[0].body.text).toContain("\n@rabbits: 36 - 7");
  });

  it("--strip-calculator removes the annotations", async () => {
    const r = await pns(["import", fixture("gsm8k.jsonl"), "--strip-calculator"]);
    expect(r.stdout).not.toContain("<<");
    expect(r.stdout).toContain("On Tuesday she fills 36 / 3 = 12 jars.");
  });

  it("detects MATH: last boxed answer, level and type as metadata, sanitized id", async () => {
    const r = await pns(["import", fixture("math.jsonl")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("detected shape math");
    expect(r.stderr).toMatch(
      /math\.jsonl:5:\d+: warning: id "math\/interval 7" is written as "math\/interval-7"/,
    );
    const file = parse(r.stdout);
    expect(file.problems.map((p) => p.answer?.text)).toEqual([
      "\\frac{5}{6}",
      "\\{-2, 3\\}",
      "60",
      "10",
      "(-1, 3)",
    ]);
    expect(file.problems[0].meta.map((m) => `${m.key}=${m.value}`)).toEqual([
      "source=math",
      "level=Level 1",
      "type=Prealgebra",
    ]);
    expect(file.problems[2].meta.find((m) => m.key === "level")?.value).toBe("3");
    expect(file.problems[4].id).toBe("math/interval-7");
  });

  it("groups TRL string rows by prompt and warns about a problem without gold", async () => {
    const r = await pns(["import", fixture("trl.jsonl")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("detected shape trl");
    expect(r.stderr).toMatch(
      /trl\.jsonl:5:1: warning: problem "trl-[0-9a-f]{8}" has no gold answer.*\[missing-answer\]/,
    );
    expect(r.stderr).toContain("5 rows -> 3 problems, 8 samples (2 duplicate responses dropped)");
    const file = parse(r.stdout);
    const [multiply, simplify] = file.problems;
    expect(multiply.samples.map((s) => s.role)).toEqual(["positive", "negative", "negative", "positive"]);
    expect(multiply.answer?.text).toBe("56");
    expect(simplify.answer?.text).toBe("\\frac{2}{3}");
  });

  it("reads conversational TRL rows, the system prompt and the implicit-prompt form", async () => {
    const r = await pns(["import", fixture("trl-chat.jsonl")]);
    expect(r.code).toBe(0);
    const file = parse(r.stdout);
    expect(file.problems).toHaveLength(2);
    expect(file.problems[0].statement.text).toBe("What is 15% of 80?");
    expect(file.problems[0].meta.find((m) => m.key === "system")?.value).toBe("Reason step by step.");
    expect(file.problems[0].samples).toHaveLength(4);
    expect(file.problems[1].statement.text).toBe("Solve $2x + 3 = 11$.");
    expect(file.problems[1].answer?.text).toBe("4");
  });

  it("--from forces a shape: rows without its fields are errors", async () => {
    const r = await pns(["import", fixture("gsm8k.jsonl"), "--from", "math"]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("detected");
    expect(r.stderr).toContain('gsm8k.jsonl:1:1: error: MATH row lacks "problem"');
  });

  it("accepts a BOM and CRLF line ends", async () => {
    const text = readFileSync(fixture("gsm8k.jsonl"), "utf8").replace(/\n/g, "\r\n");
    const r = await pns(["import", "-"], `\uFEFF${text}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe((await pns(["import", fixture("gsm8k.jsonl")])).stdout);
  });

  it("reads stdin with -", async () => {
    const r = await pns(["import", "-"], readFileSync(fixture("gsm8k.jsonl")));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("<stdin>: detected shape gsm8k");
    expect(parse(r.stdout).problems).toHaveLength(5);
  });
});

describe("pns import: bad input", () => {
  it("reports every bad line as file:line:col, imports the rest and exits 1", async () => {
    const r = await pns(["import", fixture("malformed.jsonl")]);
    expect(r.code).toBe(1);
    const name = fixture("malformed.jsonl");
    const messages = r.stderr.split("\n").filter((l) => l.startsWith(name));
    expect(messages).toEqual([
      `${name}:2:38: error: not valid JSON: unexpected "}": expected a JSON value [invalid-json]`,
      `${name}:3:1: error: expected a JSON object, not an array [not-an-object]`,
      `${name}:4:1: error: GSM8K row lacks "answer" (the solution ending in \`#### <gold>\`) [missing-field]`,
      `${name}:6:2: error: "question" must be a string, not a number [invalid-field]`,
      `${name}:8:46: error: no "#### <gold>" line in "answer" [missing-answer]`,
    ]);
    const file = parse(r.stdout);
    expect(file.problems.map((p) => p.statement.text)).toEqual([
      "Lena has 3 red and 5 blue marbles. How many marbles does she have?",
      "Sam walks 2 km each day for 5 days. How far does he walk?",
      "This row has no gold marker.",
    ]);
  });

  it("flags invalid UTF-8 at its column and keeps the row", async () => {
    const bytes = Buffer.from([
      ...Buffer.from('{"question": "caf'),
      0xe9,
      ...Buffer.from('?", "answer": "#### 1"}\n'),
    ]);
    const r = await pns(["import", "-"], bytes);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "<stdin>:1:18: error: bytes that are not UTF-8, replaced by U+FFFD [invalid-utf8]",
    );
    expect(parse(r.stdout).problems[0].statement.text).toBe("caf\uFFFD?");
  });

  it("caps the messages for junk input and exits 1 when no row has a known shape", async () => {
    const junk = Array.from({ length: 80 }, (_, i) => `not json ${i}`).join("\n");
    const r = await pns(["import", "-"], junk);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/\[invalid-json\]/g)).toHaveLength(50);
    expect(r.stderr).toContain("30 more messages not shown");
    expect(r.stderr).toContain("no line is valid JSON");
    expect(r.stdout).toBe("");
  });

  it("reports a binary or UTF-16 file once, writing nothing", async () => {
    const utf16 = Buffer.from('{"question": "q", "answer": "#### 1"}\n', "utf16le");
    const r = await pns(["import", "-"], utf16);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      "<stdin>:1:2: error: NUL bytes: this is a binary or UTF-16 file, not UTF-8 JSON Lines [binary-file]",
    ]);
    expect(r.stdout).toBe("");
  });

  it("reads a line far longer than the read buffer", async () => {
    const solution = "x = 1 + 1\n".repeat(300_000); // 3 MB: the file is read in 1 MB chunks
    const input = path.join(tempDir(), "long.jsonl");
    writeFileSync(input, `${JSON.stringify({ question: "Long?", answer: `${solution}#### 2` })}\n`);
    const r = await pns(["import", input]);
    expect(r.code).toBe(0);
    expect(parse(r.stdout).problems[0].samples[0].body.text).toBe(solution.trimEnd());
  });

  it("stops after the first rows when none has a known shape", async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ text: `row ${i}` })).join("\n");
    const r = await pns(["import", "-"], rows);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("none of the first 20 JSON rows has the fields of a known shape");
    const forced = await pns(["import", "-", "--from", "gsm8k"], rows);
    expect(forced.stderr).toContain("1000 rows -> 0 problems");
  });

  it("says so for empty input", async () => {
    const r = await pns(["import", "-"], "");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no rows to import (the input is empty)");
  });

  it.each([
    [["import"], "expected one input file"],
    [["import", "a", "b"], "expected one input file"],
    [["import", "x.jsonl", "--from", "csv"], "unknown --from 'csv'"],
    [["import", "x.jsonl", "--frobnicate"], "Unknown option '--frobnicate'"],
  ])("usage error %j exits 2", async (argv, message) => {
    const r = await pns(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("exits 2 for an unreadable input or output and leaves no partial file", async () => {
    const missing = await pns(["import", path.join(tempDir(), "missing.jsonl")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*missing\.jsonl: ENOENT/);
    const dir = tempDir();
    const out = path.join(dir, "no-such-dir", "out.pns");
    const unwritable = await pns(["import", fixture("gsm8k.jsonl"), "-o", out]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain("cannot write");
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("pns import / export round trip (issue 2, Done when)", () => {
  it.each(["gsm8k.jsonl", "math.jsonl", "trl-chat.jsonl"])(
    "%s: import, export --format jsonl, import again gives a byte-identical .pns file",
    async (name) => {
      const dir = tempDir();
      const first = path.join(dir, "first.pns");
      const jsonl = path.join(dir, "export.jsonl");
      const second = path.join(dir, "second.pns");
      expect((await pns(["import", fixture(name), "-o", first])).code).toBe(0);
      expect((await pns(["export", first, "--format", "jsonl", "-o", jsonl])).code).toBe(0);
      const again = await pns(["import", jsonl, "-o", second]);
      expect(again.code).toBe(0);
      expect(again.stderr).toContain("detected shape pns-jsonl");
      expect(readFileSync(second)).toEqual(readFileSync(first));
    },
  );

  it("a hand-written canonical file with comments survives export and import byte for byte", async () => {
    const dir = tempDir();
    const jsonl = path.join(dir, "export.jsonl");
    const back = path.join(dir, "back.pns");
    expect(
      (await pns(["export", fixture("pns-with-comments.pns"), "--format", "jsonl", "-o", jsonl])).code,
    ).toBe(0);
    expect((await pns(["import", jsonl, "-o", back])).code).toBe(0);
    expect(readFileSync(back, "utf8")).toBe(readFileSync(fixture("pns-with-comments.pns"), "utf8"));
  });

  it("file comments on a later row still go in the header (written after the problems streamed)", async () => {
    const exported = await pns(["export", fixture("pns-with-comments.pns"), "--format", "jsonl"]);
    const rows = exported.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows[0].file_comments).toBeDefined();
    rows[rows.length - 1].file_comments = rows[0].file_comments;
    delete rows[0].file_comments;
    const back = await pns(["import", "-"], rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
    expect(back.code).toBe(0);
    expect(back.stdout).toBe(readFileSync(fixture("pns-with-comments.pns"), "utf8"));
  });

  it("the demo dataset survives export --format jsonl and import byte for byte", async () => {
    const demo = path.resolve(__dirname, "../../examples/demo.pns");
    const exported = await pns(["export", demo, "--format", "jsonl"]);
    expect(exported.code).toBe(0);
    const back = await pns(["import", "-"], exported.stdout);
    expect(back.code).toBe(0);
    expect(back.stdout).toBe(readFileSync(demo, "utf8"));
  });

  it("the same input always gives the same ids", async () => {
    const a = await pns(["import", fixture("trl.jsonl")]);
    const b = await pns(["import", "-"], readFileSync(fixture("trl.jsonl")));
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain("@problem trl-1a4d62a5 source=trl");
  });
});

describe("pns import: large files", () => {
  it(
    "streams a 20 MB file problem by problem within a heap smaller than the file",
    { timeout: 120_000 },
    async () => {
      const { spawnSync } = await import("node:child_process");
      const { build } = await import("esbuild");
      const dir = tempDir();
      // Bundle just the import command (not the whole CLI), so this test depends on nothing else.
      const entry = path.join(dir, "entry.ts");
      const command = path.resolve(__dirname, "../../server/src/cli/commands/import.ts");
      writeFileSync(
        entry,
        `import { importCommand } from ${JSON.stringify(command)};\n` +
          "const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };\n" +
          "importCommand.run(process.argv.slice(2), io).then((code) => { process.exitCode = code; });\n" +
          'process.on("exit", () => process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS}\\n`));\n',
      );
      const bundle = path.join(dir, "import.cjs");
      await build({
        entryPoints: [entry],
        bundle: true,
        platform: "node",
        format: "cjs",
        outfile: bundle,
        mainFields: ["module", "main"],
        logLevel: "error",
      });

      const input = path.join(dir, "big.jsonl");
      const rows: string[] = [];
      let size = 0;
      for (let i = 0; size < 20 * 1024 * 1024; i++) {
        const steps = Array.from(
          { length: 12 },
          (_, k) => `Step ${k}: ${i} + ${k} = <<${i}+${k}=${i + k}>>${i + k}.`,
        );
        const row = `${JSON.stringify({ question: `Problem ${i}: ${"a farm with sheep and goats. ".repeat(9)}`, answer: `${steps.join("\n")}\n#### ${i}` })}\n`;
        rows.push(row);
        size += row.length;
      }
      writeFileSync(input, rows.join(""));
      const output = path.join(dir, "big.pns");

      // Problem by problem: neither the tree nor the written text of the whole file may be held (a
      // 32 MB heap holds neither; issue 16 asks memory bounded independently of the file's size).
      const result = spawnSync(process.execPath, ["--max-old-space-size=32", bundle, input, "-o", output], {
        encoding: "utf8",
      });
      expect(result.stderr).toContain(`${rows.length} rows -> ${rows.length} problems`);
      expect(result.status).toBe(0);
      const maxRssMb = Number(/maxRSS=(\d+)/.exec(result.stderr)?.[1]) / 1024;
      console.log(`import of ${(size / 1e6).toFixed(1)} MB: peak RSS ${maxRssMb.toFixed(0)} MB`);
      expect(maxRssMb).toBeLessThan(400);
      expect(readFileSync(output, "utf8").startsWith("@pns 1\n")).toBe(true);
    },
  );
});
