import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../server/src/cli/main";
import { captureIo } from "../support/cliIo";

function capture(cwd: string, tty = false) {
  return captureIo({ cwd, tty });
}

/** A temp directory with the given files. */
function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "pns-lint-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const DATA = `@pns 1

@problem p1
Natalia sold 48 clips in April and half as many in May. How many in total?

@answer 72
@positive
In May she sold $48 / 2 = 24$ clips.
Altogether: $48 + 24 = 72$.

The answer is $\\boxed{72}$.

@negative
In May she sold $48 / 2 = 24$ clips.
Altogether: $48 + 24 = 62$.

The answer is $\\boxed{62}$.

@negative
Half of 48 is 24, and 48 plus 24 is 72.

The answer is $\\boxed{72}$.
`;

const CLEAN = DATA.slice(0, DATA.lastIndexOf("\n@negative\nHalf"));

describe("pns lint", () => {
  it("prints file:line:col  severity  message  code, a summary, and exits 1 on errors", async () => {
    const dir = workspace({ "data.pns": DATA });
    const c = capture(dir);
    expect(await runCli(["lint", "data.pns"], c.io)).toBe(1);
    const lines = c.out().trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^data\.pns:15:14 {2}info {3}First false arithmetic claim: `48 \+ 24 = 62` .* {2}arithmetic-slip$/,
    );
    expect(lines[1]).toMatch(
      /^data\.pns:22:23 {2}error {2}Negative is correct: `72` equals the gold `72` .* {2}negative-correct$/,
    );
    expect(lines.at(-1)).toBe("✖ 2 problems (1 error, 0 warnings, 1 info) in 1 file");
    expect(c.err()).toContain("no judge or reward model configured: local components only");
  });

  it("exits 0 with a clean summary when there are no errors", async () => {
    const dir = workspace({ "data.pns": CLEAN });
    const c = capture(dir);
    expect(await runCli(["lint", "data.pns"], c.io)).toBe(0);
    expect(c.out()).toContain("(0 errors, 0 warnings, 1 info)");
  });

  it("--max-warnings fails the run when exceeded", async () => {
    const dir = workspace({
      "data.pns": CLEAN,
      "pns.config.json": '{ "rules": { "arithmetic-slip": "warning" } }',
    });
    const ok = capture(dir);
    expect(await runCli(["lint", "data.pns", "--max-warnings", "1"], ok.io)).toBe(0);
    const bad = capture(dir);
    expect(await runCli(["lint", "data.pns", "--max-warnings", "0"], bad.io)).toBe(1);
    expect(bad.err()).toContain("1 warning, more than --max-warnings 0");
  });

  it("--quiet prints errors only", async () => {
    const dir = workspace({ "data.pns": DATA });
    const c = capture(dir);
    await runCli(["lint", "data.pns", "--quiet"], c.io);
    expect(c.out()).not.toContain("arithmetic-slip");
    expect(c.out()).toContain("negative-correct");
  });

  it("reads severities from the nearest pns.config.json", async () => {
    const dir = workspace({
      "data.pns": DATA,
      "pns.config.json": '{ "rules": { "negative-correct": "warning" } }',
    });
    const c = capture(dir);
    expect(await runCli(["lint", path.join(dir, "data.pns")], c.io)).toBe(0);
    expect(c.out()).toMatch(/warning +Negative is correct/);
  });

  it("lints every .pns file below a directory argument", async () => {
    const dir = workspace({ "pns.config.json": "{}" });
    mkdirSync(path.join(dir, "data", "more"), { recursive: true });
    mkdirSync(path.join(dir, "data", "node_modules"));
    writeFileSync(path.join(dir, "data", "a.pns"), DATA);
    writeFileSync(path.join(dir, "data", "more", "b.pns"), CLEAN);
    writeFileSync(path.join(dir, "data", "notes.txt"), "not a dataset");
    writeFileSync(path.join(dir, "data", "node_modules", "c.pns"), DATA);
    const c = capture(dir);
    expect(await runCli(["lint", "data", "--format", "json"], c.io)).toBe(1);
    const files = (JSON.parse(c.out()) as { file: string }[]).map((f) => f.file);
    expect(files).toEqual([path.join("data", "a.pns"), path.join("data", "more", "b.pns")]);
  });

  it("--config names the configuration explicitly", async () => {
    const dir = workspace({ "data.pns": DATA, "strict.json": '{ "rules": { "arithmetic-slip": "error" } }' });
    const c = capture(dir);
    expect(await runCli(["lint", "data.pns", "--config", "strict.json", "--quiet"], c.io)).toBe(1);
    expect(c.out()).toContain("arithmetic-slip");
  });

  it("writes JSON with 1-based positions", async () => {
    const dir = workspace({ "data.pns": DATA });
    const c = capture(dir);
    expect(await runCli(["lint", "data.pns", "--format", "json"], c.io)).toBe(1);
    const [file] = JSON.parse(c.out()) as [
      { file: string; errorCount: number; findings: Record<string, unknown>[] },
    ];
    expect(file).toMatchObject({ file: "data.pns", errorCount: 1, warningCount: 0 });
    expect(file.findings[0]).toEqual({
      code: "arithmetic-slip",
      severity: "info",
      message: "First false arithmetic claim: `48 + 24 = 62` (left side 72, right side 62)",
      line: 15,
      column: 14,
      endLine: 15,
      endColumn: 26,
      problemId: "p1",
      sampleIndex: 1,
    });
  });

  it("reports config errors at line:col and exits 2", async () => {
    const dir = workspace({
      "data.pns": DATA,
      "pns.config.json": '{\n  "weights": { "judge": "high" }\n}\n',
    });
    const c = capture(dir);
    expect(await runCli(["lint", "data.pns"], c.io)).toBe(2);
    expect(c.err()).toContain(
      `${path.join(dir, "pns.config.json")}:2:25: error: weights.judge: expected a number, got a string`,
    );
  });

  it("reports an unreadable file and exits 2, linting the others", async () => {
    const dir = workspace({ "data.pns": DATA });
    const c = capture(dir);
    expect(await runCli(["lint", "missing.pns", "data.pns"], c.io)).toBe(2);
    expect(c.err()).toMatch(/pns lint: cannot read missing\.pns: ENOENT/);
    expect(c.out()).toContain("negative-correct");
  });

  it.each([
    [[], "no files given"],
    [["x.pns", "--format", "xml"], "--format must be text or json"],
    [["x.pns", "--max-warnings=-1"], "--max-warnings must be a non-negative integer"],
    [["x.pns", "--bogus"], "Unknown option '--bogus'"],
  ])("rejects bad usage %j with exit 2", async (args, message) => {
    const c = capture(process.cwd());
    expect(await runCli(["lint", ...args], c.io)).toBe(2);
    expect(c.err()).toContain(message);
  });

  it("lints the demo dataset: every planted kind of finding, exit 1", async () => {
    const c = capture(path.resolve(__dirname, "../.."));
    expect(await runCli(["lint", "examples/demo.pns", "--format", "json"], c.io)).toBe(1);
    const [file] = JSON.parse(c.out()) as [{ findings: { code: string }[] }];
    const codes = new Set(file.findings.map((f) => f.code));
    for (const code of [
      "arithmetic-slip",
      "negative-correct",
      "positive-incorrect",
      "implausible-negative",
      "no-final-answer",
      "truncated",
      "repetition",
      "duplicate-sample",
    ]) {
      expect(codes).toContain(code);
    }
  });
});
