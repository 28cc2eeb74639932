/**
 * Remote component scores known to the server, by content: the same (problem, gold, response)
 * finds its score wherever it moves in the file, and an edited response simply misses. The
 * analysis reads it synchronously through the core's `RemoteScoreLookup`.
 */
import { hashString } from "../../core/analysis/index";
import type { RemoteComponentName, RemoteScoreLookup, RemoteScoreRequest } from "../../core/reward/remote";
import type { ComponentScore } from "../../core/reward/types";

export function contentKey(request: Pick<RemoteScoreRequest, "problem" | "gold" | "response">): number {
  return hashString(request.response, hashString(request.gold, hashString(request.problem)));
}

export class RemoteScoreStore implements RemoteScoreLookup {
  private readonly scores = new Map<number, Map<RemoteComponentName, ComponentScore>>();

  constructor(private readonly maxEntries = 500_000) {}

  get(request: RemoteScoreRequest, component: RemoteComponentName): ComponentScore | undefined {
    return this.scores.get(contentKey(request))?.get(component);
  }

  has(request: RemoteScoreRequest, components: readonly RemoteComponentName[]): boolean {
    const known = this.scores.get(contentKey(request));
    return known !== undefined && components.every((c) => known.has(c));
  }

  set(request: RemoteScoreRequest, scores: Map<RemoteComponentName, ComponentScore>): void {
    if (this.scores.size >= this.maxEntries) this.scores.clear();
    const key = contentKey(request);
    const known = this.scores.get(key) ?? new Map<RemoteComponentName, ComponentScore>();
    for (const [name, score] of scores) known.set(name, score);
    this.scores.set(key, known);
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
