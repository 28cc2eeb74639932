/**
 * A failed call to a remote endpoint, classified so the retry loop can decide what to do and the
 * caller can say why an item is unscored. Messages never contain API keys (see `redact.ts`), and
 * every URL in them is redacted here, whoever built the message.
 */
import { redactUrlsIn } from "./redact";

export type RemoteErrorKind =
  /** The endpoint answered with an HTTP error status. */
  | "http"
  /** No answer within the per-request timeout. */
  | "timeout"
  /** Connection refused, reset, DNS failure. */
  | "connection"
  /** The endpoint answered 2xx but the body is not what the API promises. */
  | "malformed"
  /** The caller cancelled. Never retried. */
  | "aborted"
  /** Bad settings (missing API key variable, invalid URL). Never retried. */
  | "config";

export class RemoteError extends Error {
  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
    /** HTTP status, when kind is `http`. */
    readonly status?: number,
    /** Server-requested delay from `Retry-After`, in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(redactUrlsIn(message));
    this.name = "RemoteError";
  }

  /** 408, 409, 429 and 5xx, timeouts and connection errors are worth another try; nothing else is. */
  get retryable(): boolean {
    if (this.kind === "timeout" || this.kind === "connection") return true;
    if (this.kind !== "http" || this.status === undefined) return false;
    return this.status === 408 || this.status === 409 || this.status === 429 || this.status >= 500;
  }
}

/** True when `error` comes from an aborted AbortSignal (ours or fetch's). */
export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "AbortError" || (error instanceof RemoteError && error.kind === "aborted"))
  );
}
