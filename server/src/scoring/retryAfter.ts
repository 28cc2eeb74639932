/**
 * Parses an HTTP `Retry-After` header: either delay-seconds (`120`, also fractional `0.5`, which
 * some servers send) or an HTTP date. Returns milliseconds from `now`, never negative, or
 * undefined when absent or unreadable (the caller then uses its own backoff).
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Only accept something that looks like a date; Date.parse accepts odd strings like "1".
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
