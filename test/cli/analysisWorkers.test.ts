// The analysis on worker threads (server/src/cli/analysisWorkers.ts) must give what the
// in-process stream analysis gives: the same parse, the same findings, in the same order.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob, workerCountFor } from "../../server/src/cli/analysisWorkers";
import { analyzeSegment, withParseFindings } from "../../server/src/core/stream/analyzeSegment";
import { fileSuppressions } from "../../server/src/core/analysis/suppress";
import { defaultSettings, type PnsSettings } from "../../server/src/core/config/index";
import type { FileAnalysis } from "../../server/src/core/analysis/index";
import { serialize } from "../../server/src/core/format/index";
import { StreamParser } from "../../server/src/core/stream/streamParser";
import { factsOf, splitChunks, type SplitSegment } from "../../server/src/io/pnsStream";
import { fileArb, lineArb } from "../core/format/arbitraries";
import { chunksOf, streamAnalysis } from "../node/streamHarness";

const root = path.resolve(__dirname, "../..");
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * The worker way in one thread: segments split, the header parsed here, the rest in jobs of
 * `perJob` segments through runJob (and a structured clone, as postMessage does), then placed.
 */
async function viaJobs(
  bytes: Uint8Array,
  chunk: number,
  perJob: number,
  settings: PnsSettings,
): Promise<FileAnalysis> {
  const facts = await factsOf(chunksOf(bytes, chunk));
  const parser = new StreamParser(facts);
  const out: FileAnalysis = { findings: [], samples: [] };
  let options: Parameters<typeof analyzeSegment>[2] | undefined;
  let batch: SplitSegment[] = [];
  const flush = (): void => {
    const results = structuredClone(
      runJob({ id: 1, settings, options: options!, findingsOnly: false, segments: batch }),
    );
    batch.forEach(({ segment, atEnd }, i) => {
      const a = withParseFindings(
        parser.place(segment, atEnd, results[i].tree),
        results[i].problems,
        settings,
        options!,
      );
      out.findings.push(...a.findings);
      out.samples.push(...a.samples);
    });
    batch = [];
  };
  for await (const split of splitChunks(chunksOf(bytes, chunk), facts, parser)) {
    if (split.segment.index === 0) {
      const parsed = parser.parse(split.segment, split.atEnd);
      options = { eol: parser.eol, fileSuppressed: fileSuppressions(parsed.file) };
      const a = analyzeSegment(parsed, settings, options);
      out.findings.push(...a.findings);
      out.samples.push(...a.samples);
      continue;
    }
    batch.push(split);
    if (batch.length >= perJob) flush();
  }
  if (batch.length > 0) flush();
  return out;
}

describe("lint and score on worker threads", () => {
  it("give the in-process analysis on every .pns file in the repository", async () => {
    const files = execFileSync("git", ["ls-files", "*.pns"], { cwd: root, encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    expect(files.length).toBeGreaterThan(3);
    const settings = defaultSettings();
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(path.join(root, file)));
      for (const [chunk, perJob] of [
        [97, 1],
        [1 << 20, 7],
      ]) {
        expect(await viaJobs(bytes, chunk, perJob, settings)).toEqual(
          await streamAnalysis(bytes, chunk, settings),
        );
      }
    }
  });

  it("give the in-process analysis on generated files: mixed line ends, duplicate ids, comments", async () => {
    const textArb = fc
      .tuple(fileArb, fc.array(lineArb, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean())
      .map(([file, extra, spots, crlf]) => {
        const lines = serialize({ ...file, eol: "\n" }).split("\n");
        extra.forEach((line, i) => lines.splice((spots[i] ?? 0) % (lines.length + 1), 0, line));
        return lines.map((l, i) => (crlf !== (i % 3 === 0) ? `${l}\r` : l)).join("\n");
      });
    const settings = defaultSettings();
    await fc.assert(
      fc.asyncProperty(
        textArb,
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 4 }),
        async (text, chunk, perJob) => {
          const bytes = encode(text);
          expect(await viaJobs(bytes, chunk, perJob, settings)).toEqual(
            await streamAnalysis(bytes, chunk, settings),
          );
        },
      ),
      { numRuns: Number(process.env.PNS_FC_RUNS ?? 60) },
    );
  });

  it("starts workers only when asked", () => {
    expect(workerCountFor({})).toBe(0);
    expect(workerCountFor({ PNS_CLI_ANALYSIS_WORKERS: "2" })).toBe(2);
    expect(workerCountFor({ PNS_CLI_ANALYSIS_WORKERS: "0" })).toBe(0);
    expect(workerCountFor({ PNS_CLI_ANALYSIS_WORKERS: "x" })).toBe(0);
  });
});

describe("pns lint and score with real worker threads", () => {
  let dir: string;
  let launcher: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "pns-workers-"));
    // A fresh bundle: the workers run the CLI bundle, and dist/ may be older than the sources.
    const { build } = await import("esbuild");
    const bundle = path.join(dir, "main.js");
    await build({
      entryPoints: [path.join(root, "server/src/cli/main.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      outfile: bundle,
      mainFields: ["module", "main"],
      logLevel: "error",
    });
    launcher = path.join(dir, "pns.js");
    writeFileSync(launcher, `require(${JSON.stringify(bundle)}).main();\n`);
    // The demo three times over: duplicate ids across jobs, a suppression comment in the header.
    const demo = readFileSync(path.join(root, "examples/demo.pns"), "utf8");
    const body = demo.slice(demo.indexOf("\n@problem"));
    writeFileSync(
      path.join(dir, "big.pns"),
      `@# pns-disable too-short\n${demo}${body}${body.replace(/\n/g, "\r\n")}`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const pns = (args: string[], workers: string): Promise<{ code: number | null; out: string; err: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [launcher, ...args], {
        cwd: dir,
        env: { ...process.env, PNS_CLI_ANALYSIS_WORKERS: workers },
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.on("close", (code) => resolve({ code, out, err }));
    });

  it("print what they print without workers, byte for byte", async () => {
    for (const args of [
      ["lint", "--local", "--format", "json", "big.pns"],
      ["lint", "--local", "big.pns"],
      ["score", "--local", "--format", "json", "big.pns"],
    ]) {
      const [alone, threaded] = await Promise.all([pns(args, "0"), pns(args, "2")]);
      expect(threaded.err).not.toContain("internal error");
      expect(alone.out.length).toBeGreaterThan(1000);
      expect(threaded.out).toBe(alone.out);
      expect(threaded.code).toBe(alone.code);
    }
  }, 60_000);
});
