/**
 * The worker-thread half of a big file's first analysis. The main thread's loop walks the file
 * from the front; this hands batches from the back to the worker pool until the two meet. The
 * main thread does not parse what the workers analysed (only their problem ids come back, for the
 * id index): features that need a tree parse those segments when asked. A result is used only if
 * its segment is still in the document with the same text, the same end-of-file position and the
 * same context; whatever is dropped (edited meanwhile) the main loop's final pass analyses itself.
 */
import type { CancellationToken } from "vscode-languageserver";
import type { RemoteScoreLookup } from "../../core/reward/remote";
import type { PnsSegment } from "../document/pnsDocument";
import type { EffectiveSettings } from "../settings/effective";
import type { AnalysisContext } from "./analyzeSegment";
import type { DocumentAnalysis } from "./documentAnalysis";
import type { AnalysisPool, SegmentFromWorker } from "./pool";
import { isTooLongToAnalyse } from "./tooLong";
import { forEachSegment } from "./yieldLoop";

/** Below this many segments the workers' start-up (about 50 ms each) is not worth it. */
export const PARALLEL_MIN_SEGMENTS = 1024;

/**
 * {@link DocumentAnalysis.analyzeAll} with a worker pool helping: local analysis only (remote scores live on
 * the main thread), so with a remote lookup this is the plain loop. Ends with the plain loop,
 * which analyses whatever the workers' results could not be used for.
 */
export async function analyzeDocumentParallel(
  analysis: DocumentAnalysis,
  settings: EffectiveSettings,
  remote: RemoteScoreLookup | undefined,
  token: CancellationToken | undefined,
  pool: AnalysisPool | undefined,
  log?: (message: string) => void,
): Promise<AnalysisContext | undefined> {
  const document = analysis.document;
  if (pool && remote === undefined && document.segments.length >= PARALLEL_MIN_SEGMENTS) {
    const started = performance.now();
    const context = analysis.contextFor(settings, remote);
    const phase = new ParallelPhase(analysis, context, pool);
    phase.start();
    const done = await forEachSegment(
      document,
      (i) => phase.mainShouldAnalyse(i),
      (i) => analysis.cached(i, context, true),
      token,
    );
    await phase.finish();
    log?.(
      `pns: ${document.uri}: ${phase.applied} of ${document.segments.length} problems analysed by ${pool.size} worker thread(s); ${Math.round(performance.now() - started)} ms in all`,
    );
    if (!done) return undefined;
  }
  return analysis.analyzeAll(settings, remote, token);
}

/** Segments per job: big enough to amortise messaging, small enough to balance the two ends. */
const BATCH = 48;
/** Jobs kept queued per worker, so a worker never waits for the main thread to send the next. */
const QUEUED_PER_WORKER = 2;

export class ParallelPhase {
  private readonly inFlight = new Set<PnsSegment>();
  private readonly jobs = new Set<Promise<void>>();
  /** Next index (going down) to hand out, and the highest index the main loop has reached. */
  private back: number;
  private front = 0;
  private failed = false;
  /** Segments whose worker result was used. */
  applied = 0;

  constructor(
    private readonly analysis: DocumentAnalysis,
    private readonly context: AnalysisContext,
    private readonly pool: AnalysisPool,
  ) {
    this.back = analysis.document.segments.length - 1;
  }

  private get document() {
    return this.analysis.document;
  }

  /** Fills the workers' queues. */
  start(): void {
    for (let k = 0; k < this.pool.size * QUEUED_PER_WORKER; k++) if (!this.dispatch()) break;
  }

  /** Whether the main loop should analyse segment `index` (called in index order by the loop). */
  mainShouldAnalyse(index: number): boolean {
    this.front = Math.max(this.front, index);
    const segment = this.document.segments[index];
    return !this.inFlight.has(segment) && !this.analysis.isAnalyzed(index, this.context);
  }

  /** Waits for every job sent; results have been applied when it resolves. */
  async finish(): Promise<void> {
    while (this.jobs.size > 0) await Promise.all(this.jobs);
  }

  private dispatch(): boolean {
    if (this.failed) return false;
    const document = this.document;
    const segments = document.segments;
    const last = segments.length - 1;
    const batch: { segment: PnsSegment; atEnd: boolean }[] = [];
    // Index 0 (the header) is parsed differently and always analysed by the main thread.
    while (batch.length < BATCH && this.back > Math.max(this.front + BATCH, 0)) {
      const index = this.back--;
      const segment = segments[index];
      if (this.inFlight.has(segment) || this.analysis.isAnalyzed(index, this.context)) continue;
      // Left to the main thread, which gives it its one finding without analysing it.
      if (isTooLongToAnalyse(segment.text)) continue;
      batch.push({ segment, atEnd: index === last });
    }
    if (batch.length === 0) return false;
    for (const { segment } of batch) this.inFlight.add(segment);
    const header = segments[0];
    const job = this.pool
      .run({
        engine: this.context.settings.engine,
        header: { text: header.text, atEnd: last === 0 },
        segments: batch.map(({ segment, atEnd }) => ({ text: segment.text, atEnd })),
      })
      .then(
        (values) => this.apply(batch, values, header),
        () => {
          // A failed worker only loses speed: the main loop analyses these segments.
          this.failed = true;
        },
      )
      .finally(() => {
        for (const { segment } of batch) this.inFlight.delete(segment);
        this.jobs.delete(job);
        this.dispatch();
      });
    this.jobs.add(job);
    return true;
  }

  private apply(
    batch: { segment: PnsSegment; atEnd: boolean }[],
    values: SegmentFromWorker[],
    header: PnsSegment,
  ): void {
    const document = this.document;
    if (!this.analysis.isCurrent(this.context) || document.segments[0] !== header) return;
    batch.forEach(({ segment, atEnd }, k) => {
      const index = document.text.indexOf(segment);
      // Segments 0 and 1 can hold the file's first line: parsed differently, left to the main loop.
      if (index < 2 || atEnd !== (index === document.segments.length - 1)) return;
      // Not parsed here: the features that need a tree (symbols, hovers...) parse it when asked.
      this.analysis.adopt(index, this.context, values[k].packed, values[k].problemIds);
      this.applied++;
    });
  }
}
