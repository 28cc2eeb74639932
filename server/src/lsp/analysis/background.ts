/**
 * Whole-document analysis in the background. A pull for diagnostics never waits for a big file:
 * it analyses the few segments that changed (or, right after opening, none), answers with what is
 * known, and the background loop finishes the rest in slices of a few milliseconds, then asks the
 * client to pull again (`workspace/diagnostic/refresh`) or pushes. Edits during the loop only
 * make it skip work that is already done.
 */
import type { CancellationToken } from "vscode-languageserver";
import type { PnsDocument } from "../document/pnsDocument";
import type { EffectiveSettings } from "../settings/effective";
import type { RemoteScoreLookup } from "../../core/reward/remote";
import type { AnalysisContext } from "./analyzeSegment";
import { markComplete, pendingSegments } from "./completeness";
import { contextOf, isAnalyzed, segmentAnalysis } from "./documentAnalysis";
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
    PnsDocument,
    { done: Promise<void>; cancel: { isCancellationRequested: boolean } }
  >();

  constructor(
    private readonly remote: (settings: EffectiveSettings) => RemoteScoreLookup | undefined,
    /** Called when a document became fully analysed in the background. */
    private readonly onComplete: (document: PnsDocument) => void,
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
  catchUp(document: PnsDocument, settings: EffectiveSettings): Progress {
    const context = contextOf(document, settings, this.remote(settings));
    const total = document.segments.length;
    // After a keystroke only the change log needs looking at (see completeness.ts).
    let missing = pendingSegments(document, context);
    if (missing === undefined) {
      missing = [];
      for (let i = 0; i < total; i++) {
        if (!isAnalyzed(document, i, context)) {
          missing.push(i);
          if (missing.length > SYNC_SEGMENTS) break;
        }
      }
    }
    if (missing.length <= SYNC_SEGMENTS) {
      for (const i of missing) segmentAnalysis(document, i, context);
      // Analysing can re-parse the header, which makes a new context: check once more.
      if (contextOf(document, settings, this.remote(settings)) === context) {
        markComplete(document, context);
        return { context, analysed: total, total };
      }
    }
    this.start(document, settings);
    let analysed = 0;
    for (let i = 0; i < total; i++) if (isAnalyzed(document, i, context)) analysed++;
    return { context, analysed, total };
  }

  private start(document: PnsDocument, settings: EffectiveSettings): void {
    if (this.running.has(document)) return;
    const cancel = { isCancellationRequested: false };
    const done = analyzeDocumentParallel(
      document,
      settings,
      this.remote(settings),
      cancel as CancellationToken,
      this.pool,
      this.workers?.log,
    )
      .then((context) => {
        this.running.delete(document);
        if (context) this.onComplete(document);
      })
      .catch((error: unknown) => {
        this.running.delete(document);
        this.onError(error);
      });
    this.running.set(document, { done, cancel });
  }

  /** Stops the loop of a closed document. */
  stop(document: PnsDocument): void {
    const run = this.running.get(document);
    if (run) run.cancel.isCancellationRequested = true;
  }

  /** Resolves when the loop for a document (if any) ends; for tests and shutdown. */
  async idle(document: PnsDocument): Promise<void> {
    await this.running.get(document)?.done;
  }
}
