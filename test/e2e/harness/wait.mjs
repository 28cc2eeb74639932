// Condition waits with deadlines. Tests never sleep for a fixed time: they poll a condition
// (cheaply, a few times a second) until it holds or the deadline passes, and then say what they
// were waiting for and what they saw last.

/** Thrown when a wait passes its deadline; `message` names the condition and the last value seen. */
export class WaitTimeout extends Error {
  name = "WaitTimeout";
}

/** Thrown by a probe to end the wait at once: the condition can no longer become true. */
export class StopWaiting extends Error {
  name = "StopWaiting";
}

const tick = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves with the first truthy value of `probe()`; rejects with WaitTimeout after `timeoutMs`.
 * `probe` may be async and may throw (a throw counts as "not yet" and is reported on timeout,
 * except StopWaiting, which ends the wait at once).
 * @template T
 * @param {string} what  the condition, for the error message ("the Problems panel lists 3 rows")
 * @param {() => T | Promise<T>} probe
 * @param {{ timeoutMs?: number, intervalMs?: number, describe?: (last: unknown) => string }} [options]
 * @returns {Promise<NonNullable<T>>}
 */
export async function waitUntil(what, probe, { timeoutMs = 30_000, intervalMs = 200, describe } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (last) return last;
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const seen = lastError
        ? `last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`
        : `last value: ${describe ? describe(last) : JSON.stringify(last)}`;
      throw new WaitTimeout(`timed out after ${timeoutMs} ms waiting until ${what} (${seen})`);
    }
    await tick(Math.min(intervalMs, Math.max(1, deadline - Date.now())));
  }
}

/**
 * Races a promise against a deadline (the promise keeps running; the caller tears down).
 * @template T
 * @param {string} what
 * @param {Promise<T>} promise
 * @param {number} timeoutMs
 * @returns {Promise<T>}
 */
export function withDeadline(what, promise, timeoutMs) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeout(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
