import type { RemoteComponentName } from "./components";
import type { ComponentScore } from "./types";

/** What a remote component scores: the judge sees `problem` and `response`, never `gold`. */
export interface RemoteScoreRequest {
  problemId: string;
  sampleIndex: number;
  problem: string;
  gold: string;
  response: string;
}

export type { RemoteComponentName };

/**
 * Already-computed remote scores, looked up synchronously while analysing (the language server
 * fills it from its cache and background queue; the CLI scores first, then analyses). `undefined`:
 * not scored (yet); a score with `value: null`: the endpoint was asked and could not score it.
 */
export interface RemoteScoreLookup {
  get(request: RemoteScoreRequest, component: RemoteComponentName): ComponentScore | undefined;
}

/**
 * Computes remote scores (implemented outside the core, in server/src/scoring). Results come back
 * in request order; a failure of one item is a null-valued score with the reason, never a throw.
 */
export interface RemoteScorer {
  /** Which remote components are configured. */
  readonly components: readonly RemoteComponentName[];
  score(
    requests: readonly RemoteScoreRequest[],
    options?: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
  ): Promise<Map<RemoteComponentName, ComponentScore>[]>;
}

/** A lookup over scores computed up front, keyed by problem id and sample index. */
export function lookupFromResults(
  requests: readonly RemoteScoreRequest[],
  results: readonly Map<RemoteComponentName, ComponentScore>[],
): RemoteScoreLookup {
  const byKey = new Map<string, Map<RemoteComponentName, ComponentScore>>();
  requests.forEach((r, i) => {
    const scores = results[i];
    if (scores) byKey.set(`${r.problemId}#${r.sampleIndex}`, scores);
  });
  return { get: (r, component) => byKey.get(`${r.problemId}#${r.sampleIndex}`)?.get(component) };
}
