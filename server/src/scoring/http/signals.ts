/**
 * One attempt's signal: aborts when the caller cancels or when `timeoutMs` passes. `timedOut()`
 * tells the two apart afterwards, so a timeout is retried and a cancellation is not.
 */
export function attemptSignal(
  timeoutMs: number,
  caller?: AbortSignal,
): { signal: AbortSignal; timedOut: () => boolean } {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
  return { signal, timedOut: () => timeout.aborted && !caller?.aborted };
}
