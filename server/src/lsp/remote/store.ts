/**
 * Remote component scores known to the server, by content: the same (problem, gold, response)
 * finds its score wherever it moves in the file, and an edited response simply misses. The
 * analysis reads it synchronously through the core's `RemoteScoreLookup`.
 */
import { approximateBytes, ByteBoundedMap, hashString } from "../../core/analysis/index";
import type { RemoteComponentName, RemoteScoreLookup, RemoteScoreRequest } from "../../core/reward/remote";
import type { ComponentScore } from "../../core/reward/types";

export function contentKey(request: Pick<RemoteScoreRequest, "problem" | "gold" | "response">): number {
  return hashString(request.response, hashString(request.gold, hashString(request.problem)));
}

export class RemoteScoreStore implements RemoteScoreLookup {
  private readonly scores: ByteBoundedMap<number, Map<RemoteComponentName, ComponentScore>>;

  /** `maxBytes`: the budget for the scores kept (a judge's rationale can be a kilobyte per sample). */
  constructor(maxBytes = 64 * 1024 * 1024) {
    this.scores = new ByteBoundedMap(maxBytes);
  }

  get(request: RemoteScoreRequest, component: RemoteComponentName): ComponentScore | undefined {
    return this.scores.peek(contentKey(request))?.get(component);
  }

  has(request: RemoteScoreRequest, components: readonly RemoteComponentName[]): boolean {
    const known = this.scores.peek(contentKey(request));
    return known !== undefined && components.every((c) => known.has(c));
  }

  set(request: RemoteScoreRequest, scores: Map<RemoteComponentName, ComponentScore>): void {
    const key = contentKey(request);
    const known = this.scores.peek(key) ?? new Map<RemoteComponentName, ComponentScore>();
    for (const [name, score] of scores) known.set(name, score);
    this.scores.set(key, known, approximateBytes(known));
  }

  delete(request: RemoteScoreRequest): void {
    this.scores.delete(contentKey(request));
  }

  clear(): number {
    const size = this.scores.size;
    this.scores.clear();
    return size;
  }
}
