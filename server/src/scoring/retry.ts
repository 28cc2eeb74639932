import { RemoteError } from "./errors";
import { abortedError, sleep } from "./sleep";
import type { RetrySettings } from "./types";

/** What happened across the attempts of one call, for accounting. */
export interface RetryStats {
  attempts: number;
}

/**
 * Backoff before retry number `retry` (0-based): `min(maxDelay, base * 2^retry)`, then "equal
 * jitter" (half fixed, half random) so that many clients rate-limited together spread out, while
 * no retry comes sooner than half the nominal delay.
 */
export function backoffDelay(
  retry: number,
  settings: RetrySettings,
  random: () => number = Math.random,
): number {
  const nominal = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retry);
  return nominal / 2 + random() * (nominal / 2);
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or retries run out.
 * A server's `Retry-After` replaces the computed backoff (it knows its own load better); one
 * longer than `maxRetryAfterMs` ends the call at once rather than stalling the batch.
 * Cancellation through `signal` stops both the attempt and the wait.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  settings: RetrySettings,
  signal?: AbortSignal,
  stats?: RetryStats,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw abortedError(signal);
    if (stats) stats.attempts++;
    try {
      return await attempt(retry);
    } catch (error) {
      const remote = error instanceof RemoteError ? error : new RemoteError("connection", String(error));
      if (!remote.retryable || retry >= settings.maxRetries) throw remote;
      let delay = backoffDelay(retry, settings);
      if (remote.retryAfterMs !== undefined) {
        if (remote.retryAfterMs > settings.maxRetryAfterMs) {
          throw new RemoteError(
            remote.kind,
            `${remote.message}; server asked to retry after ${Math.ceil(remote.retryAfterMs / 1000)} s, over the ${Math.ceil(settings.maxRetryAfterMs / 1000)} s limit`,
            remote.status,
            remote.retryAfterMs,
          );
        }
        delay = remote.retryAfterMs;
      }
      await sleep(delay, signal);
    }
  }
}
