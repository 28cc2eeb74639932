import type { PnsSettings } from "../../core/config/index";
import { compositeFor, type LocalScore, localScore } from "../../core/reward/index";
import type { ScoringService } from "../../scoring/service";
import type { CallCounter, RemoteComponent, RemoteScores } from "../../scoring/types";
import { type ItemReward, combine } from "./composite";
import type { RewardRequest } from "./items";
import { Pacer } from "./pacer";

export interface BatchContext {
  settings: PnsSettings;
  service: ScoringService;
  onRemoteFailure: "null" | "partial";
  /** Items scored between two yields to the event loop at most. */
  chunkSize: number;
  /** Characters of prompt and completion scored between two yields at most (pacer.ts). */
  yieldChars: number;
  /**
   * Longest the remote components of one request may take; then their calls are cancelled and
   * the items unscored for them, so a stuck judge cannot stall a training step indefinitely.
   */
  remoteBudgetMs: number;
}

/** What one request cost in remote work: the `stats` of the response. */
export interface BatchStats {
  /** HTTP requests to the reward model and the judge, retries included (cache hits make none). */
  remote_calls: number;
  /** Seconds this request waited for them. */
  remote_wait_s: number;
}

/**
 * Scores one request. The local components come first (yielding to the event loop after
 * `chunkSize` items or `yieldChars` characters, whichever comes first, so that /health and other
 * requests stay responsive during a large batch): they decide which items need the reward model and the judge at all, since only a
 * wrong, well-formed, gradable answer's composite uses them (malformed and correct answers get
 * fixed penalties, ungradable ones null). Those items go out to the remote components in one
 * batch; then each item's composite is put together. Unscorable items (no completion, no gold
 * answer) get null with their reason.
 */
export async function scoreBatch(
  request: RewardRequest,
  context: BatchContext,
  signal: AbortSignal,
): Promise<{
  results: Array<ItemReward | null>;
  unscorable: Array<{ index: number; reason: string }>;
  stats: BatchStats;
}> {
  const { items, components } = request;
  const configured = context.service.configured();
  const remoteWanted: RemoteComponent[] = configured.filter((name) => components.has(name));
  const locals: Array<LocalScore | undefined> = new Array<LocalScore | undefined>(items.length);
  const internalErrors = new Map<number, string>();
  const pacer = new Pacer(context.chunkSize, context.yieldChars);
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (item.error !== undefined) continue;
    await pacer.before(item.problem.length + item.response.length);
    if (signal.aborted) throw new Error("request cancelled");
    try {
      locals[index] = localScore(item.gold!, item.response, context.settings);
    } catch (error) {
      // A bug or a hostile input in one item must not lose the other results.
      internalErrors.set(index, `internal error: ${(error as Error).message}`);
    }
  }

  const scorable = items
    .map((item, index) => ({ item, index }))
    .filter(({ index }) => {
      const local = locals[index];
      return (
        local !== undefined && compositeFor(local, context.settings, {}, false).outcome === "plausibility"
      );
    });

  const counter: CallCounter = { calls: 0 };
  const waitStarted = performance.now();

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
        counter,
      )
      .finally(() => clearTimeout(timer));
    scorable.forEach(({ index }, k) => (remote[index] = scores[k]!));
  }
  const stats: BatchStats = {
    remote_calls: counter.calls,
    remote_wait_s:
      scorable.length > 0 && remoteWanted.length > 0 ? (performance.now() - waitStarted) / 1000 : 0,
  };

  const results: Array<ItemReward | null> = new Array<ItemReward | null>(items.length).fill(null);
  const unscorable: Array<{ index: number; reason: string }> = [];
  const options = {
    include: components,
    settings: context.settings,
    expectedRemote: remoteWanted,
    onRemoteFailure: context.onRemoteFailure,
  };
  const combining = new Pacer(context.chunkSize, context.yieldChars);
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (item.error !== undefined) {
      unscorable.push({ index, reason: item.error });
      continue;
    }
    const local = locals[index];
    if (local === undefined) {
      unscorable.push({ index, reason: internalErrors.get(index) ?? "internal error" });
      continue;
    }
    await combining.before(item.problem.length + item.response.length);
    if (signal.aborted) throw new Error("request cancelled");
    try {
      results[index] = combine(item, remote[index] ?? {}, options, local);
    } catch (error) {
      // A bug or a hostile input in one item must not lose the other results.
      unscorable.push({ index, reason: `internal error: ${(error as Error).message}` });
    }
  }
  return { results, unscorable, stats };
}
