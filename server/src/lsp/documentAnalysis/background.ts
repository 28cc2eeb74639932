/**
 * Whole-document analysis in the background. A pull for diagnostics never waits for a big file:
 * it analyses the few segments that changed (or, right after opening, none), answers with what is
 * known, and the background loop finishes the rest in slices of a few milliseconds, then asks the
 * client to pull again (`workspace/diagnostic/refresh`) or pushes. Edits during the loop only
 * make it skip work that is already done.
 */
import type { CancellationToken } from "vscode-languageserver";
import type { EffectiveSettings } from "../settings/effective";
import type { RemoteScoreLookup } from "../../core/reward/remote";
import type { AnalysisContext } from "./analyzeSegment";
import type { DocumentAnalysis } from "./documentAnalysis";
import { analyzeDocumentParallel } from "./parallel";
import { AnalysisPool, type AnalysisWorkers } from "./pool";

/** Segments analysed inside a request at most; more means "big change": leave it to the loop. */
export const SYNC_SEGMENTS = 64;

export interface Progress {
  context: AnalysisContext;
  /** Segments analysed for the current context. */
  analysed: number;
  total: number;
}

export class BackgroundAnalysis {
  private readonly running = new Map<
    DocumentAnalysis,
    { done: Promise<void>; cancel: { isCancellationRequested: boolean } }
  >();

  constructor(
    private readonly remote: (settings: EffectiveSettings) => RemoteScoreLookup | undefined,
    /** Called when a document became fully analysed in the background. */
    private readonly onComplete: (analysis: DocumentAnalysis) => void,
    private readonly onError: (error: unknown) => void,
    /** Worker threads for big files' first analysis; none: everything on the main thread. */
    private readonly workers?: AnalysisWorkers,
  ) {
    if (workers && workers.count > 0) {
      this.pool = new AnalysisPool(workers.script, workers.count);
      // Started with the server: loaded by the time a big document has arrived.
      this.pool.start();
    }
  }

  /** Shared by every document's analysis; it stops its workers when idle. */
  private readonly pool: AnalysisPool | undefined;

  /**
   * Brings the document up to date as far as is cheap right now: every missing segment when there
   * are at most {@link SYNC_SEGMENTS}, else none (the loop is started). Returns what is done.
   */
  catchUp(analysis: DocumentAnalysis, settings: EffectiveSettings): Progress {
    const context = analysis.contextFor(settings, this.remote(settings));
    const total = analysis.document.segments.length;
    // After a keystroke only the change log needs looking at (see completeness.ts).
    let missing = analysis.completeness.pending(context);
    if (missing === undefined) {
      missing = [];
      for (let i = 0; i < total; i++) {
        if (!analysis.isAnalyzed(i, context)) {
          missing.push(i);
          if (missing.length > SYNC_SEGMENTS) break;
        }
      }
    }
    if (missing.length <= SYNC_SEGMENTS) {
      for (const i of missing) analysis.cached(i, context);
      // Analysing can re-parse the header, which makes a new context: check once more.
      if (analysis.contextFor(settings, this.remote(settings)) === context) {
        analysis.completeness.markComplete(context);
        return { context, analysed: total, total };
      }
    }
    this.start(analysis, settings);
    let analysed = 0;
    for (let i = 0; i < total; i++) if (analysis.isAnalyzed(i, context)) analysed++;
    return { context, analysed, total };
  }

  private start(analysis: DocumentAnalysis, settings: EffectiveSettings): void {
    if (this.running.has(analysis)) return;
    const cancel = { isCancellationRequested: false };
    const done = analyzeDocumentParallel(
      analysis,
      settings,
      this.remote(settings),
      cancel as CancellationToken,
      this.pool,
      this.workers?.log,
    )
      .then((context) => {
        this.running.delete(analysis);
        if (context) this.onComplete(analysis);
      })
      .catch((error: unknown) => {
        this.running.delete(analysis);
        this.onError(error);
      });
    this.running.set(analysis, { done, cancel });
  }

  /** Stops the loop of a closed document. */
  stop(analysis: DocumentAnalysis): void {
    const run = this.running.get(analysis);
    if (run) run.cancel.isCancellationRequested = true;
  }

  /** Resolves when the loop for a document (if any) ends; for tests and shutdown. */
  async idle(analysis: DocumentAnalysis): Promise<void> {
    await this.running.get(analysis)?.done;
  }
}
