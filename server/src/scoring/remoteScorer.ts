import { apiName, componentOfApi, remoteLabel } from "../core/reward/components";
import type { RemoteComponentName, RemoteScorer, RemoteScoreRequest } from "../core/reward/remote";
import type { ComponentScore, ScoreProvenance } from "../core/reward/types";
import type { ScoringService } from "./service";
import { type RemoteResult, isUnscored } from "./types";

/**
 * A remote result as the reward engine's `ComponentScore`: the score in [0,1] with its provenance,
 * or value null with the unscored reason. The composite sets the weight.
 */
export function toComponentScore(name: RemoteComponentName, result: RemoteResult): ComponentScore {
  if (isUnscored(result)) return { name, value: null, weight: 0, reason: result.unscored };
  const provenance: ScoreProvenance = {
    model: result.provenance.model,
    endpoint: result.provenance.endpoint,
    promptVersion: result.provenance.promptVersion,
    scoredAt: result.provenance.scoredAt,
    cached: result.cached,
    ...(result.rm ? { raw: result.rm.raw } : {}),
  };
  const reason = result.judge
    ? `${remoteLabel("judge")} ${result.score.toFixed(3)}: relevance ${result.judge.rawCriteria.relevance}, coherence ${result.judge.rawCriteria.coherence}, instruction following ${result.judge.rawCriteria.instructionFollowing}, reasoning ${result.judge.rawCriteria.reasoning} (of 10)${result.judge.rationale ? `: ${result.judge.rationale}` : ""}`
    : `${remoteLabel("rm")} ${result.score.toFixed(3)} (raw ${result.rm?.raw ?? "?"}, ${result.rm?.transform ?? ""})`;
  return {
    name,
    value: result.score,
    weight: 0,
    reason: result.cached ? `${reason} (cached)` : reason,
    provenance,
  };
}

/**
 * The scoring service behind the reward engine's `RemoteScorer` interface, for `pns score` and the
 * language server. Progress is reported per finished batch of requests.
 */
export function createRemoteScorer(service: ScoringService, batchSize = 64): RemoteScorer {
  const components = service.configured().map(componentOfApi);
  return {
    components,
    async score(requests: readonly RemoteScoreRequest[], options = {}) {
      const out: Map<RemoteComponentName, ComponentScore>[] = [];
      for (let start = 0; start < requests.length; start += batchSize) {
        const slice = requests.slice(start, start + batchSize);
        const results = await service.score(
          slice.map((r) => ({ problem: r.problem, response: r.response, gold: r.gold })),
          components.map(apiName),
          options.signal,
        );
        for (const scores of results) {
          const map = new Map<RemoteComponentName, ComponentScore>();
          for (const name of components) {
            const result = scores[apiName(name)];
            if (result) map.set(name, toComponentScore(name, result));
          }
          out.push(map);
        }
        options.onProgress?.(Math.min(requests.length, start + slice.length), requests.length);
      }
      return out;
    },
  };
}
