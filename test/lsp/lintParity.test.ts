/**
 * The editor and `pns lint` agree: every `.pns` file of the repository and a generated corpus
 * (line ends mixed across problems and inside them, duplicate ids, comments above problems, a
 * byte order mark, suppressions, a `\r` before a line end) go through the BUNDLED `pns lint --format json --local` and the
 * BUNDLED language server over stdio, and both must report the same findings (line, column, end,
 * code, severity, message). Hints are editor-only (lint does not print them).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver-protocol/node";
import { generateDataset } from "../../bench/parseDataset.mjs";
import { seededRandom } from "../../bench/seededRandom.mjs";
import { ROOT, TestClient, waitFor } from "./harness";

const CLI = path.join(ROOT, "dist", "cli", "main.js");

const crlf = (text: string): string => text.replace(/\r?\n/g, "\r\n");
const problemsOf = (text: string): string[] => text.split(/(?=^@problem )/m);
/** The second line of a text ends with `\r` before its line end. */
const crBeforeLineEnd = (text: string): string => text.replace(/^([^\n]*\n[^\n]+)\n/, "$1\r\r\n");

/** Files named for what they test: line ends, ids, comments, headers. */
function corpus(): Record<string, string> {
  const base = generateDataset({ problems: 9, samples: 3, seed: 11 });
  const parts = problemsOf(base);
  const rand = seededRandom(5); // the same corpus on every run
  // Each line end flipped with a probability: mixes inside problems too.
  const flipped = (p: number): string => base.replace(/\r?\n/g, () => (rand() < p ? "\r\n" : "\n"));
  const withDuplicate = [...parts, parts[2], parts[5].replace(/^@problem (\S+)/, "@problem $1")].join("");
  return {
    "lf.pns": base,
    "crlf.pns": crlf(base),
    "crlf-problem-in-lf.pns": parts.map((p, i) => (i === 3 ? crlf(p) : p)).join(""),
    "lf-problem-in-crlf.pns": parts.map((p, i) => (i === 4 ? p : crlf(p))).join(""),
    "crlf-header-only.pns": crlf(parts[0]) + parts.slice(1).join(""),
    "crlf-last-line.pns": base.replace(/\n$/, "\r\n"),
    "flipped-10.pns": flipped(0.1),
    "flipped-50.pns": flipped(0.5),
    "flipped-90.pns": flipped(0.9),
    "tie.pns": "@pns 1\r\n\n@problem a\nq\r\n\n@answer 1\r\n",
    "cr-at-end.pns": `${crlf(parts[0])}${parts[1].replace(/\n$/, "\r")}`,
    "duplicate-ids.pns": withDuplicate,
    "duplicate-ids-crlf.pns": crlf(parts[0]) + withDuplicate.slice(parts[0].length),
    "comments-above.pns": parts.map((p, i) => (i > 0 ? `@# note ${i}\r\n${p}` : p)).join(""),
    "bom.pns": `\uFEFF${parts[0]}${crlf(parts[1])}${parts[2]}`,
    "no-header.pns": parts
      .slice(1, 4)
      .map((p, i) => (i === 1 ? crlf(p) : p))
      .join(""),
    "suppressed.pns": `@pns 1\n@# pns-disable mixed-eol duplicate-id\n\n${parts.slice(1, 3).join("")}${crlf(parts[1])}`,
    "empty.pns": "",
    // A body line whose text ends with `\r` (`x\r\r\n`): a file-level finding in a `\n` file.
    "cr-at-line-end.pns": parts.map((p, i) => (i === 2 || i === 6 ? crBeforeLineEnd(p) : p)).join(""),
    "cr-at-line-end-header.pns": crBeforeLineEnd(parts[0]) + parts.slice(1).join(""),
    "cr-at-file-end.pns": base.replace(/\n$/, "\r\r"),
    "cr-at-line-end-in-crlf.pns": crlf(base).replace(/\r\n/, "\r\r\n"),
  };
}

interface Row {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  severity: string;
  message: string;
}

const SEVERITY: Record<number, string> = {
  [DiagnosticSeverity.Error]: "error",
  [DiagnosticSeverity.Warning]: "warning",
  [DiagnosticSeverity.Information]: "info",
  [DiagnosticSeverity.Hint]: "hint",
};

const sorted = (rows: Row[]): Row[] =>
  [...rows].sort(
    (a, b) =>
      a.line - b.line ||
      a.column - b.column ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );

function fromLsp(diagnostics: Diagnostic[]): Row[] {
  return diagnostics
    .map((d) => ({
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      code: String(d.code),
      severity: SEVERITY[d.severity ?? DiagnosticSeverity.Error],
      message: typeof d.message === "string" ? d.message : d.message.value,
    }))
    .filter((row) => row.severity !== "hint");
}

describe("pns lint and the language server report the same findings", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pns-parity-"));
  const repoFiles = execFileSync("git", ["ls-files", "*.pns"], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((f) => path.join(ROOT, f));
  const generated = Object.entries(corpus()).map(([name, text]) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  });
  const files = [...repoFiles, ...generated];
  let lint: Map<string, Row[]>;
  let client: TestClient;

  beforeAll(async () => {
    let out: string;
    try {
      out = execFileSync(process.execPath, [CLI, "lint", "--format", "json", "--local", ...files], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch (error) {
      // Exit 1: error-level findings, the usual case here.
      out = (error as { stdout: string }).stdout;
    }
    const parsed = JSON.parse(out) as { file: string; findings: Row[] }[];
    lint = new Map(parsed.map((f) => [path.resolve(ROOT, f.file), f.findings.map(pick)]));
    // One folder per configuration, as lint finds it (the nearest pns.config.json above a file).
    const folders = [ROOT, path.join(ROOT, "examples"), dir].map((f) => ({
      uri: pathToFileURL(f).href,
      name: path.basename(f),
    }));
    client = await TestClient.start({
      workspaceFolders: folders,
      settings: { diagnostics: { maxPerFile: 100_000 }, remote: { enabled: false } },
    });
  }, 60_000);
  afterAll(async () => {
    await client?.stop();
  });

  const pick = (f: Row): Row => ({
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    code: f.code,
    severity: f.severity,
    message: f.message,
  });

  it("covers the corpus: mixed line ends and duplicate ids are found at all", () => {
    const codes = new Set([...lint.values()].flat().map((f) => f.code));
    expect(codes).toContain("mixed-eol");
    expect(codes).toContain("duplicate-id");
    expect(codes).toContain("cr-at-line-end");
    expect(lint.size).toBe(files.length);
  });

  const named = files.map((file) => [
    file.startsWith(dir) ? `corpus/${path.basename(file)}` : path.relative(ROOT, file),
    file,
  ]);
  it.each(named)("%s", async (_name, file) => {
    const uri = pathToFileURL(file).href;
    await client.open(uri, readFileSync(file, "utf8"));
    const diagnostics = await waitFor("complete diagnostics", async () => {
      const items = await client.diagnostics(uri);
      return !items.some((d) => d.code === "analysis-in-progress") && items;
    });
    expect(sorted(fromLsp(diagnostics))).toEqual(sorted(lint.get(file)!));
  });

  it("keeps mixed-eol up to date while the line ends are edited", async () => {
    const uri = pathToFileURL(path.join(dir, "edited.pns")).href;
    await client.open(uri, readFileSync(path.join(dir, "lf.pns"), "utf8"));
    const mixed = async () => (await client.diagnostics(uri)).filter((d) => d.code === "mixed-eol");
    expect(await mixed()).toEqual([]);
    const lineEnd = { line: 12, character: client.text(uri).split("\n")[12].length };
    await client.edit(uri, { start: lineEnd, end: lineEnd }, "\r");
    const found = await mixed();
    expect(found.map((d) => [d.range.start, d.message])).toEqual([
      [
        lineEnd,
        expect.stringMatching(
          /^mixed line ends: 1 lines end with \\r\\n and \d+ with \\n; written back as \\n$/,
        ),
      ],
    ]);
    await client.edit(uri, { start: lineEnd, end: { ...lineEnd, character: lineEnd.character + 1 } }, "");
    expect(await mixed()).toEqual([]);
  });
});
