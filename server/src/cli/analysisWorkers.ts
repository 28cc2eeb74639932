/**
 * Worker threads for `pns lint` and `pns score` on big files (issue 16: `lint --local` at tens of
 * MB/s). The main thread reads and splits the stream, places the findings that span segments
 * (duplicate ids and the like need the file's order) and writes the report; the workers parse
 * and analyse each segment, which is most of the CPU. Jobs are batches of segments; results are
 * taken in job order, so the output is the same as without workers.
 */
import { parentPort, Worker, workerData } from "node:worker_threads";
import type { FileAnalysis } from "../core/analysis/index";
import type { PnsSettings } from "../core/config/index";
import { analyzeSegmentProblems, type SegmentAnalysisOptions } from "../core/stream/analyzeSegment";
import { parseSegmentTree, type SegmentTreeFacts } from "../core/stream/streamParser";
import type { SplitSegment } from "../io/pnsStream";

/** `workerData.role` of a CLI analysis worker (cli/main.ts starts the worker side when it sees it). */
export const CLI_ANALYSIS_WORKER_ROLE = "pns-cli-analysis";

export interface AnalysisJob {
  id: number;
  settings: PnsSettings;
  options: SegmentAnalysisOptions;
  /** Leave the samples' reports out of the answer (`lint` prints findings only). */
  findingsOnly: boolean;
  /** Segments after the header segment, in order. */
  segments: SplitSegment[];
}

/** A segment as a worker saw it: what `StreamParser.place` needs of its tree, and its problems' analysis. */
export interface SegmentResult {
  tree: SegmentTreeFacts;
  problems: FileAnalysis;
}

type JobResult = { id: number; results: SegmentResult[] } | { id: number; error: string };

/**
 * Parses and analyses a job's segments exactly as the main thread would: `parseSegmentTree` as
 * `StreamParser.parse` does, `analyzeSegmentProblems` as `analyzeSegment` does.
 */
export function runJob(job: AnalysisJob): SegmentResult[] {
  return job.segments.map(({ segment, atEnd }) => {
    const file = parseSegmentTree(segment, atEnd);
    const problems = analyzeSegmentProblems(file.problems, segment, job.settings, job.options);
    return {
      tree: {
        diagnostics: file.diagnostics,
        problems: file.problems.map(({ id, idRange }) => ({ id, idRange })),
      },
      problems: job.findingsOnly ? { findings: problems.findings, samples: [] } : problems,
    };
  });
}

/** The worker side: answers jobs until the main thread terminates it. */
export function runCliAnalysisWorker(): void {
  const port = parentPort;
  if (!port) throw new Error("runCliAnalysisWorker: not in a worker thread");
  port.on("message", (job: AnalysisJob) => {
    let result: JobResult;
    try {
      result = { id: job.id, results: runJob(job) };
    } catch (error) {
      result = { id: job.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(result);
  });
}

/** True in a thread started by {@link AnalysisPool}. */
export function isCliAnalysisWorker(): boolean {
  return (workerData as { role?: string } | null)?.role === CLI_ANALYSIS_WORKER_ROLE && parentPort !== null;
}

/**
 * How many workers: `PNS_CLI_ANALYSIS_WORKERS=<n>`, none by default. Measured on the shared 2-core
 * machine at load 7-14 (issue 16.2), one worker cost about 25 % more CPU (the messages, a second
 * heap) and the wall time was no better, as the second core was never free; turn them on where
 * cores are idle, and measure there before making it the default.
 */
export function workerCountFor(env: NodeJS.ProcessEnv): number {
  const value = env.PNS_CLI_ANALYSIS_WORKERS?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Math.min(16, Number(value)) : 0;
}

interface Pending {
  resolve: (results: SegmentResult[]) => void;
  reject: (error: Error) => void;
}

/** A few workers for one command; jobs go round-robin, results come back by job id. */
export class AnalysisPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private turn = 0;
  private failure: Error | undefined;

  /** `script`: the CLI bundle (it starts the worker side for {@link CLI_ANALYSIS_WORKER_ROLE}). */
  constructor(script: string, count: number) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(script, { workerData: { role: CLI_ANALYSIS_WORKER_ROLE } });
      worker.on("message", (result: JobResult) => this.settle(result));
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => {
        if (this.pending.size > 0) this.fail(new Error(`analysis worker exited with code ${code}`));
      });
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Analyses the segments on a worker; the promise rejects if the worker fails. */
  run(job: Omit<AnalysisJob, "id">): Promise<SegmentResult[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const promise = new Promise<SegmentResult[]>((resolve, reject) =>
      this.pending.set(id, { resolve, reject }),
    );
    const worker = this.workers[this.turn++ % this.workers.length];
    worker.postMessage({ ...job, id } satisfies AnalysisJob);
    return promise;
  }

  /** Stops the workers (pending jobs reject). */
  async close(): Promise<void> {
    this.fail(new Error("analysis pool closed"));
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }

  private settle(result: JobResult): void {
    const waiting = this.pending.get(result.id);
    if (!waiting) return;
    this.pending.delete(result.id);
    if ("error" in result) waiting.reject(new Error(`analysis worker: ${result.error}`));
    else waiting.resolve(result.results);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
