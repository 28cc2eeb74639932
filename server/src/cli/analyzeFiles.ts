import { promises as fs } from "node:fs";
import * as path from "node:path";
import { analyzeFile, type FileAnalysis } from "../core/analysis/index";
import type { PnsSettings } from "../core/config/index";
import type { PnsFile } from "../core/format/index";
import { lookupFromResults, type RemoteScoreLookup, type RemoteScoreRequest } from "../core/reward/index";
import { formatConfigIssue, type LoadedConfig, loadConfigFile, loadConfigFor } from "../node/loadConfig";
import { readPnsFile } from "../node/readPnsFile";
import { DiskCache } from "../scoring/cache/diskCache";
import { createRemoteScorer } from "../scoring/remoteScorer";
import { ScoringService } from "../scoring/service";
import { scoringSettingsFrom } from "../scoring/settings";
import type { CliIo } from "./command";
import { ProgressBar } from "./progress";
import { UsageError } from "./command";

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
}

export interface AnalyzedFile {
  path: string;
  /** As given on the command line, for output. */
  display: string;
  text: string;
  file: PnsFile;
  analysis: FileAnalysis;
  settings: PnsSettings;
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

/** Scores every sample of a file with the configured endpoints; returns a lookup for the analysis. */
async function remoteLookup(
  file: PnsFile,
  settings: PnsSettings,
  baseDir: string,
  io: CliIo,
): Promise<RemoteScoreLookup> {
  const warn = (message: string): void => void io.stderr.write(`${message}\n`);
  const service = new ScoringService({
    ...scoringSettingsFrom(settings, { configDir: baseDir, warn }),
    cache: new DiskCache({ dir: path.resolve(baseDir, settings.cacheDir), onError: warn }),
    env: io.env,
    logger: { warn },
  });
  const scorer = createRemoteScorer(service);
  const requests: RemoteScoreRequest[] = [];
  for (const problem of file.problems) {
    const gold = problem.answer?.text.trim() ?? "";
    problem.samples.forEach((sample, sampleIndex) => {
      requests.push({
        problemId: problem.id,
        sampleIndex,
        problem: problem.statement.text,
        gold,
        response: sample.body.text,
      });
    });
  }
  const bar = new ProgressBar(io, "remote scoring");
  const results = await scorer.score(requests, { onProgress: (done, total) => bar.update(done, total) });
  bar.done();
  return lookupFromResults(requests, results);
}

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

/**
 * Reads, configures and analyses each file (a directory stands for every `.pns` file below it). Unreadable files are reported on stderr and skipped
 * (`failed` is set); configuration errors throw {@link CliFailure}.
 */
export async function analyzeFiles(
  paths: string[],
  io: CliIo,
  options: AnalyzeCliOptions,
): Promise<{ files: AnalyzedFile[]; failed: boolean }> {
  const loader = new ConfigLoader(io, options);
  const files: AnalyzedFile[] = [];
  const announced = new Set<string>();
  let failed = false;
  for (const display of await expandPaths(paths, io.cwd)) {
    const full = path.resolve(io.cwd, display);
    let read: { text: string; file: PnsFile };
    try {
      read = await readPnsFile(full);
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
        ? await remoteLookup(read.file, settings, loaded.file ? path.dirname(loaded.file) : io.cwd, io)
        : undefined;
    const bar = new ProgressBar(io, `analysing ${display}`);
    const analysis = analyzeFile(read.file, settings, remote, {
      onProblem: (done, total) => bar.update(done, total),
    });
    bar.done();
    files.push({ path: full, display, text: read.text, file: read.file, analysis, settings });
  }
  return { files, failed };
}
