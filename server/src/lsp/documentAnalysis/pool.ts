/**
 * A small pool of analysis worker threads (worker.ts) for the first analysis of big files: started
 * with the server (so they have loaded by the time a big document has arrived) and stopped after
 * a while idle, so an idle server holds no extra heaps. Jobs go to the worker with the fewest
 * outstanding jobs.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { ANALYSIS_WORKER_ROLE, type AnalysisJob, type AnalysisJobResult } from "./worker";
import type { PackedSegmentData } from "./cachedSegment";

/** Where the worker side runs from (the server bundle) and how many workers a big file gets. */
export interface AnalysisWorkers {
  script: string;
  count: number;
  /** Where a line about each parallel analysis goes (the client's output channel). */
  log?: (message: string) => void;
}

/** Most workers started by default: beyond this the gain is small and each costs a heap. */
const MAX_DEFAULT_WORKERS = 3;

/**
 * One worker per core beyond the main thread's, at most {@link MAX_DEFAULT_WORKERS}; none on one
 * core. The main thread analyses alongside them, so a second core already shortens a big file's
 * first analysis (by 10-20 % on a 2-vCPU VM whose vCPUs seem to share a core; more on real
 * cores). Each worker holds one batch at a time (about 50 MB of heap and code); results come back
 * packed and are not re-parsed here (see parallel.ts), which keeps the server within its memory
 * goal with them on. `PNS_LSP_ANALYSIS_WORKERS=<n>` overrides (0 turns them off).
 */
export function defaultWorkerCount(cores = availableParallelism()): number {
  return Math.max(0, Math.min(MAX_DEFAULT_WORKERS, cores - 1));
}

/** A segment's cached analysis as a worker computed it (packed), with the segment's problem ids. */
export interface SegmentFromWorker {
  packed: PackedSegmentData;
  problemIds: readonly string[];
}

interface PoolWorker {
  worker: Worker;
  outstanding: number;
}

/** Workers idle this long are stopped (an idle server holds no extra heaps); started again on demand. */
const IDLE_MS = 30_000;

export class AnalysisPool {
  private readonly workers: PoolWorker[] = [];
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly waiting = new Map<
    number,
    { resolve: (v: SegmentFromWorker[]) => void; reject: (e: Error) => void; by: PoolWorker }
  >();
  private nextId = 1;

  /** `script`: the server bundle (it starts the worker side for {@link ANALYSIS_WORKER_ROLE}). */
  constructor(
    private readonly script: string,
    readonly size: number,
  ) {}

  /**
   * Starts every worker now, so that they have loaded the server bundle while the server is still
   * reading a big document: on open, its text takes a while to arrive and decode on the main thread.
   */
  start(): void {
    while (this.workers.length < this.size) this.spawn();
    this.armIdleTimer();
  }

  run(job: Omit<AnalysisJob, "id">): Promise<SegmentFromWorker[]> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const target = this.pick();
    const id = this.nextId++;
    target.outstanding++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, by: target });
      target.worker.postMessage({ ...job, id } satisfies AnalysisJob);
    });
  }

  /** Terminates the workers; outstanding jobs fail. */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const workers = this.workers.splice(0);
    this.failAll(new Error("analysis pool closed"));
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }

  private pick(): PoolWorker {
    if (this.workers.length < this.size && this.workers.every((w) => w.outstanding > 0)) return this.spawn();
    return this.workers.reduce((a, b) => (b.outstanding < a.outstanding ? b : a));
  }

  private spawn(): PoolWorker {
    const worker = new Worker(this.script, {
      workerData: { role: ANALYSIS_WORKER_ROLE },
      // A worker holds one batch at a time: a small heap keeps its memory (and RSS) in check.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    const entry: PoolWorker = { worker, outstanding: 0 };
    worker.on("message", (result: AnalysisJobResult) => {
      const waiter = this.waiting.get(result.id);
      if (!waiter) return;
      this.waiting.delete(result.id);
      entry.outstanding--;
      if (this.waiting.size === 0) this.armIdleTimer();
      if ("error" in result) waiter.reject(new Error(result.error));
      else waiter.resolve(result.values);
    });
    const fail = (error: Error): void => {
      const at = this.workers.indexOf(entry);
      if (at >= 0) this.workers.splice(at, 1);
      for (const [id, waiter] of this.waiting) {
        if (waiter.by !== entry) continue;
        this.waiting.delete(id);
        waiter.reject(error);
      }
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`analysis worker exited with code ${code}`)));
    // A worker must not keep the server alive after the client has gone.
    worker.unref();
    this.workers.push(entry);
    return entry;
  }

  private armIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.close(), IDLE_MS);
    // Never what keeps the server running.
    this.idleTimer.unref();
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
