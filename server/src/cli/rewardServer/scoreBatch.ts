import type { PnsSettings } from "../../core/config/index";
import type { ScoringService } from "../../scoring/service";
import type { RemoteComponent, RemoteScores } from "../../scoring/types";
import { type ItemReward, combine } from "./composite";
import type { RewardRequest } from "./items";

export interface BatchContext {
  settings: PnsSettings;
  service: ScoringService;
  onRemoteFailure: "null" | "partial";
  /** Items scored between two yields to the event loop. */
  chunkSize: number;
  /**
   * Longest the remote components of one request may take; then their calls are cancelled and
   * the items unscored for them, so a stuck judge cannot stall a training step indefinitely.
   */
  remoteBudgetMs: number;
}

/**
 * Scores one request. Remote components go out first (they wait on the network); the local
 * components and the composite then run synchronously in chunks of `chunkSize`, yielding to the
 * event loop between chunks so that /health and other requests stay responsive during a large
 * batch. Unscorable items (no completion, no gold answer) get null with their reason.
 */
export async function scoreBatch(
  request: RewardRequest,
  context: BatchContext,
  signal: AbortSignal,
): Promise<{ results: Array<ItemReward | null>; unscorable: Array<{ index: number; reason: string }> }> {
  const { items, components } = request;
  const configured = context.service.configured();
  const remoteWanted: RemoteComponent[] = configured.filter((name) => components.has(name));
  const scorable = items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => item.error === undefined);

  const remote: RemoteScores[] = new Array<RemoteScores>(items.length);
  if (remoteWanted.length > 0 && scorable.length > 0) {
    const budget = new AbortController();
    const seconds = Math.round(context.remoteBudgetMs / 100) / 10;
    const timer = setTimeout(
      () => budget.abort(new Error(`the request's remote budget of ${seconds} s ran out`)),
      context.remoteBudgetMs,
    );
    const scores = await context.service
      .score(
        scorable.map(({ item }) => ({
          problem: item.problem,
          response: item.response,
          gold: item.gold ?? undefined,
        })),
        remoteWanted,
        AbortSignal.any([signal, budget.signal]),
      )
      .finally(() => clearTimeout(timer));
    scorable.forEach(({ index }, k) => (remote[index] = scores[k]!));
  }

  const results: Array<ItemReward | null> = new Array<ItemReward | null>(items.length).fill(null);
  const unscorable: Array<{ index: number; reason: string }> = [];
  const options = {
    include: components,
    settings: context.settings,
    expectedRemote: remoteWanted,
    onRemoteFailure: context.onRemoteFailure,
  };
  for (let start = 0; start < items.length; start += context.chunkSize) {
    if (start > 0) await yieldToEventLoop();
    if (signal.aborted) throw new Error("request cancelled");
    const end = Math.min(items.length, start + context.chunkSize);
    for (let index = start; index < end; index++) {
      const item = items[index];
      if (item.error !== undefined) {
        unscorable.push({ index, reason: item.error });
        continue;
      }
      try {
        results[index] = combine(item, remote[index] ?? {}, options);
      } catch (error) {
        // A bug or a hostile input in one item must not lose the other results.
        unscorable.push({ index, reason: `internal error: ${(error as Error).message}` });
      }
    }
  }
  return { results, unscorable };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
