/**
 * The analysis worker thread: parses and analyses whole segments for the first analysis of a big
 * file (see parallel.ts), exactly as the main thread would (same parseSegment, analyzeSegment and
 * summarize), and sends back only the cached form. It runs from the same bundle as the server.
 */
import { parentPort } from "node:worker_threads";
import { AnalysisCache } from "../../core/analysis/index";
import type { PnsSettings } from "../../core/config/settings";
import { parseSegment, type ParsedSegment } from "../document/parseSegment";
import type { EffectiveSettings } from "../settings/effective";
import { analyzeSegment, summarize, type AnalysisContext } from "./analyzeSegment";
import type { PackedSegmentData } from "./cachedSegment";

/** `workerData.role` of an analysis worker (main.ts starts the worker side when it sees it). */
export const ANALYSIS_WORKER_ROLE = "pns-analysis";

/** One batch of segments, none of them the header segment. */
export interface AnalysisJob {
  id: number;
  engine: PnsSettings;
  /** The header segment's text and whether it is also the last segment. */
  header: { text: string; atEnd: boolean };
  segments: { text: string; atEnd: boolean }[];
}

/** One segment's analysis from a worker, and its problem ids (the main thread need not parse it). */
export interface WorkerSegmentResult {
  packed: PackedSegmentData;
  problemIds: string[];
}

export type AnalysisJobResult = { id: number; values: WorkerSegmentResult[] } | { id: number; error: string };

/** Never filled: a worker's analysis is a bulk one, which leaves the local-score cache alone. */
const NO_CACHE = new AnalysisCache(0);

/** Analyses one job (also what the main thread would compute for the same segments). */
export function runJob(job: AnalysisJob, header?: ParsedSegment): WorkerSegmentResult[] {
  const context: AnalysisContext = {
    serial: 0,
    // analyzeSegment reads only the engine settings.
    settings: { engine: job.engine } as EffectiveSettings,
    header: header ?? parseSegment(job.header.text, true, job.header.atEnd),
    cache: NO_CACHE,
    remote: undefined,
  };
  return job.segments.map((s) => {
    const parsed = parseSegment(s.text, false, s.atEnd);
    return {
      packed: summarize(analyzeSegment(parsed, context, { explain: false, bulk: true })).packed,
      problemIds: parsed.problems.map((p) => p.id),
    };
  });
}

/** The worker side: answers jobs until the main thread terminates it. */
export function runAnalysisWorker(): void {
  const port = parentPort;
  if (!port) throw new Error("runAnalysisWorker: not in a worker thread");
  let header: { text: string; atEnd: boolean; parsed: ParsedSegment } | undefined;
  port.on("message", (job: AnalysisJob) => {
    try {
      if (header?.text !== job.header.text || header.atEnd !== job.header.atEnd)
        header = { ...job.header, parsed: parseSegment(job.header.text, true, job.header.atEnd) };
      const values = runJob(job, header.parsed);
      port.postMessage({ id: job.id, values } satisfies AnalysisJobResult);
    } catch (error) {
      port.postMessage({ id: job.id, error: String(error) } satisfies AnalysisJobResult);
    }
  });
}
