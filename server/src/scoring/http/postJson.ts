import { RemoteError } from "../errors";
import { parseRetryAfter } from "../retryAfter";
import { scrubText } from "../redact";
import { abortedError } from "../sleep";
import { attemptSignal } from "./signals";

export interface PostJsonOptions {
  apiKey?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * One POST of a JSON body; resolves to the parsed JSON reply. Every failure becomes a classified
 * {@link RemoteError}: HTTP status (with `Retry-After`), timeout, connection, cancellation, or a
 * 2xx reply that is not JSON ("malformed"). Used for vLLM's /classify and /pooling, which the
 * openai SDK does not cover.
 */
export async function postJson(url: string, body: unknown, options: PostJsonOptions): Promise<unknown> {
  const { signal, timedOut } = attemptSignal(options.timeoutMs, options.signal);
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  // fetch refuses URLs with user:password; send them as Basic auth instead (a bearer key wins).
  const target = new URL(url);
  if (target.username || target.password) {
    const user = decodeURIComponent(target.username);
    const password = decodeURIComponent(target.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    target.username = "";
    target.password = "";
  }
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  let text: string;
  let response: Response;
  try {
    response = await fetch(target, { method: "POST", headers, body: JSON.stringify(body), signal });
    text = await response.text();
  } catch (error) {
    if (timedOut()) throw new RemoteError("timeout", `no reply within ${options.timeoutMs} ms`);
    if (options.signal?.aborted) throw abortedError(options.signal);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new RemoteError(
      "connection",
      scrubText(`cannot reach ${target.origin}: ${detail}`, options.apiKey),
    );
  }
  if (!response.ok) {
    // `retry-after-ms` (OpenAI's finer-grained variant) wins over the standard header when both are sent.
    const retryAfterMs =
      numberHeader(response.headers.get("retry-after-ms")) ??
      parseRetryAfter(response.headers.get("retry-after"));
    throw new RemoteError(
      "http",
      scrubText(`HTTP ${response.status}: ${snippet(text)}`, options.apiKey),
      response.status,
      retryAfterMs,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RemoteError("malformed", `reply is not JSON: ${snippet(text)}`);
  }
}

function numberHeader(value: string | null): number | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The start of a reply body for an error message: error bodies can be whole HTML pages. */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat === "") return "(empty body)";
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}
