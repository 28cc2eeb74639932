import { promises as fs } from "node:fs";
import * as path from "node:path";
import { type FileAnalysis, fileSuppressions } from "../core/analysis/index";
import type { PnsSettings } from "../core/config/index";
import { lookupFromResults, type RemoteScoreLookup } from "../core/reward/index";
import {
  analyzeSegment,
  type SegmentAnalysisOptions,
  withParseFindings,
} from "../core/stream/analyzeSegment";
import type { ParsedSegment } from "../core/stream/streamParser";
import { formatConfigIssue, type LoadedConfig, loadConfigFile, loadConfigFor } from "../io/loadConfig";
import { openPnsStream, type PnsStream, type SplitSegment } from "../io/pnsStream";
import { createScoring, type Scoring } from "../scoring/createScoring";
import { remoteRequests } from "../core/analysis/remoteRequests";
import type { CliIo } from "./command";
import { ProgressBar } from "./progress";
import { UsageError } from "./command";
import { AnalysisPool, type SegmentResult, workerCountFor } from "./analysisWorkers";

/** Options shared by `pns lint` and `pns score`. */
export interface AnalyzeCliOptions {
  /** An explicit config file; otherwise the nearest pns.config.json above each file. */
  config?: string;
  /** Never call endpoints, even when configured. */
  local: boolean;
  /** Why `local` is on when the user did not pass --local (e.g. running in CI); shown instead. */
  localReason?: string;
  /** The command name, for stderr messages. */
  command: string;
  /** The visitor reads findings only, not the samples' reports (lets workers send less back). */
  findingsOnly?: boolean;
}

/** What went wrong before any analysis: `runCli` prints it as `pns <command>: message` and exits 2. */
export class CliFailure extends UsageError {}

/** Loads configurations once per config file; prints their issues; fails on errors. */
class ConfigLoader {
  private readonly byFile = new Map<string, Promise<LoadedConfig>>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly io: CliIo,
    private readonly options: AnalyzeCliOptions,
  ) {}

  async settingsFor(target: string): Promise<LoadedConfig> {
    const key = this.options.config ? path.resolve(this.io.cwd, this.options.config) : path.dirname(target);
    let pending = this.byFile.get(key);
    if (!pending) {
      pending = this.options.config ? loadConfigFile(key) : loadConfigFor(target);
      this.byFile.set(key, pending);
    }
    const loaded = await pending;
    const id = loaded.file ?? "(defaults)";
    if (!this.reported.has(id)) {
      this.reported.add(id);
      for (const issue of loaded.issues) this.io.stderr.write(`${formatConfigIssue(issue)}\n`);
      if (loaded.issues.some((i) => i.severity === "error")) {
        throw new CliFailure(`fix the configuration errors in ${loaded.file} (or pass --config)`);
      }
    }
    return loaded;
  }
}

function describeRemote(settings: PnsSettings, local: boolean, localReason = "--local"): string {
  const configured = [
    ...(settings.rewardModel ? [`reward model ${settings.rewardModel.model}`] : []),
    ...(settings.judge ? [`judge ${settings.judge.model}`] : []),
  ];
  if (configured.length === 0) {
    return "no judge or reward model configured: local components only (format, accuracy, local CoT)";
  }
  if (local) return `${localReason}: not calling ${configured.join(" and ")}; local components only`;
  return `remote components: ${configured.join(", ")}`;
}

/** Scores samples with the configured endpoints, a batch of segments at a time: the same scoring
 * service, disk cache and requests as the language server and `pns serve-reward`. */
class RemoteBatchScorer {
  private readonly scorer: Scoring["scorer"];

  constructor(settings: PnsSettings, baseDir: string, io: CliIo) {
    const warn = (message: string): void => void io.stderr.write(`${message}\n`);
    this.scorer = createScoring({ settings, baseDir, env: io.env, warn }).scorer;
  }

  /** A lookup holding every sample of these segments. */
  async lookup(segments: readonly ParsedSegment[]): Promise<RemoteScoreLookup> {
    const requests = remoteRequests(segments.flatMap(({ file }) => file.problems));
    const results = await this.scorer.score(requests);
    return lookupFromResults(requests, results);
  }
}

/** Samples per batch sent to the endpoints (their own limits pace the requests within it). */
const REMOTE_BATCH_SAMPLES = 512;

/** Directories to skip when expanding a directory argument. */
const SKIP_DIRS = new Set(["node_modules", "dist", "out", ".git", ".venv", "runs"]);

/** Expands directory arguments to the `.pns` files below them (sorted); files pass through. */
async function expandPaths(paths: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, display: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) continue;
      const shown = path.join(display, e.name);
      if (e.isDirectory()) await walk(path.join(dir, e.name), shown);
      else if (e.isFile() && e.name.endsWith(".pns")) out.push(shown);
    }
  };
  for (const p of paths) {
    const full = path.resolve(cwd, p);
    const stat = await fs.stat(full).catch(() => undefined);
    if (stat?.isDirectory()) await walk(full, p);
    else out.push(p);
  }
  return out;
}

/** One input file being streamed: where it is and the settings that apply to it. */
export interface StreamedFile {
  path: string;
  /** As given on the command line, for output. */
  display: string;
  settings: PnsSettings;
}

/** What a command does with the analysis as it streams: a segment at a time, then the end. */
export interface AnalysisVisitor {
  segment(file: StreamedFile, analysis: FileAnalysis): Promise<void>;
  endFile(file: StreamedFile): Promise<void>;
}

/**
 * Reads, configures and analyses each file (a directory stands for every `.pns` file below it),
 * problem by problem: memory is bounded by the largest problem, not the file. Unreadable files are
 * reported on stderr and skipped (`failed` is set); configuration errors throw {@link CliFailure}.
 * Returns how many files were analysed.
 */
export async function analyzeFiles(
  paths: string[],
  io: CliIo,
  options: AnalyzeCliOptions,
  visitor: AnalysisVisitor,
): Promise<{ files: number; failed: boolean }> {
  const loader = new ConfigLoader(io, options);
  const announced = new Set<string>();
  let failed = false;
  let files = 0;
  const workers = new Workers(io.env, options.findingsOnly ?? false);
  try {
    for (const display of await expandPaths(paths, io.cwd)) {
      const full = path.resolve(io.cwd, display);
      const bar = new ProgressBar(io, `analysing ${display}`);
      let stream: PnsStream;
      try {
        stream = await openPnsStream(full, (done, total) => bar.update(done, total));
      } catch (error) {
        io.stderr.write(`pns ${options.command}: cannot read ${display}: ${(error as Error).message}\n`);
        failed = true;
        continue;
      }
      const loaded = await loader.settingsFor(full);
      const settings = loaded.settings;
      const note = describeRemote(settings, options.local, options.localReason);
      if (!announced.has(note)) {
        announced.add(note);
        io.stderr.write(`pns ${options.command}: ${note}\n`);
      }
      const remote =
        !options.local && (settings.judge || settings.rewardModel)
          ? new RemoteBatchScorer(settings, loaded.file ? path.dirname(loaded.file) : io.cwd, io)
          : undefined;
      const file: StreamedFile = { path: full, display, settings };
      try {
        await streamAnalysis(stream, file, visitor, remote, workers);
      } catch (error) {
        bar.done();
        if (!isIoError(error)) throw error;
        io.stderr.write(`pns ${options.command}: cannot read ${display}: ${error.message}\n`);
        failed = true;
        continue;
      }
      bar.done();
      await visitor.endFile(file);
      files++;
    }
  } finally {
    await workers.close();
  }
  return { files, failed };
}

/** Text per worker job: big enough that messaging costs little, small enough to keep memory low. */
const JOB_CHARS = 512 << 10;
/** Jobs in flight per worker: one being analysed, one waiting, so a worker never idles. */
const JOBS_PER_WORKER = 2;

/** The command's analysis workers, if asked for (see workerCountFor), started for the first file. */
class Workers {
  private pool: AnalysisPool | undefined;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly findingsOnly: boolean,
  ) {}

  /** A pool, or none: in-process analysis. */
  get(): AnalysisPool | undefined {
    // The workers run the CLI bundle; from sources (the tests) there is none to run.
    if (!__filename.endsWith(".js")) return undefined;
    if (this.pool) return this.pool;
    const count = workerCountFor(this.env);
    if (count > 0) this.pool = new AnalysisPool(__filename, count);
    return this.pool;
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }
}

async function streamAnalysis(
  stream: PnsStream,
  file: StreamedFile,
  visitor: AnalysisVisitor,
  remote: RemoteBatchScorer | undefined,
  workers: Workers,
): Promise<void> {
  const pool = remote ? undefined : workers.get();
  if (pool) return analyzeOnWorkers(stream, file, visitor, pool, workers.findingsOnly);
  let options: SegmentAnalysisOptions | undefined;
  const analyze = async (segments: ParsedSegment[], lookup?: RemoteScoreLookup): Promise<void> => {
    for (const parsed of segments) {
      // The header segment comes first: it holds the file-wide suppressions.
      options ??= {
        eol: stream.parser.eol,
        fileSuppressed: fileSuppressions(parsed.file),
      };
      await visitor.segment(file, analyzeSegment(parsed, file.settings, options, lookup));
    }
  };
  let batch: ParsedSegment[] = [];
  let batchSamples = 0;
  for await (const parsed of stream.segments) {
    if (!remote) {
      await analyze([parsed]);
      continue;
    }
    batch.push(parsed);
    for (const problem of parsed.file.problems) batchSamples += problem.samples.length;
    if (batchSamples >= REMOTE_BATCH_SAMPLES) {
      await analyze(batch, await remote.lookup(batch));
      batch = [];
      batchSamples = 0;
    }
  }
  if (remote && batch.length > 0) await analyze(batch, await remote.lookup(batch));
}

/**
 * {@link streamAnalysis} with the analysis on worker threads: segments go out in batches, and the
 * analyses are handed to the visitor in file order as they come back, with a few batches in
 * flight (memory stays bounded by them, not by the file).
 */
async function analyzeOnWorkers(
  stream: PnsStream,
  file: StreamedFile,
  visitor: AnalysisVisitor,
  pool: AnalysisPool,
  findingsOnly: boolean,
): Promise<void> {
  let options: SegmentAnalysisOptions | undefined;
  const inFlight: { segments: SplitSegment[]; results: Promise<SegmentResult[]> }[] = [];
  const takeOldest = async (): Promise<void> => {
    const job = inFlight.shift()!;
    const results = await job.results;
    for (const [i, { segment, atEnd }] of job.segments.entries()) {
      const { tree, problems } = results[i];
      const diagnostics = stream.parser.place(segment, atEnd, tree);
      await visitor.segment(file, withParseFindings(diagnostics, problems, file.settings, options!));
    }
  };
  let batch: SplitSegment[] = [];
  let batchChars = 0;
  const send = async (): Promise<void> => {
    const results = pool.run({ settings: file.settings, options: options!, findingsOnly, segments: batch });
    // Awaited in order below; until then a failure must not count as unhandled.
    results.catch(() => undefined);
    inFlight.push({ segments: batch, results });
    batch = [];
    batchChars = 0;
    while (inFlight.length >= pool.size * JOBS_PER_WORKER) await takeOldest();
  };
  try {
    for await (const split of stream.unparsed) {
      if (split.segment.index === 0) {
        // The header segment, first and here: its comments are the file-wide suppressions.
        const parsed = stream.parser.parse(split.segment, split.atEnd);
        options = { eol: stream.parser.eol, fileSuppressed: fileSuppressions(parsed.file) };
        await visitor.segment(file, analyzeSegment(parsed, file.settings, options));
        continue;
      }
      batch.push(split);
      batchChars += split.segment.text.length;
      if (batchChars >= JOB_CHARS) await send();
    }
    if (batch.length > 0) await send();
    while (inFlight.length > 0) await takeOldest();
  } finally {
    // After a failure the jobs still out are dropped (their results are not wanted).
    inFlight.length = 0;
  }
}

/** A system error from reading (ENOENT, EISDIR, EACCES, ...), as opposed to a bug. */
function isIoError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
}
