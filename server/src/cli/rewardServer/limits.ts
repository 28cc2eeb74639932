/**
 * The reward server's bounds against slow, huge or hostile clients (docs/security.md has the
 * figures behind each default):
 *
 * - a body limit sized for real batches: 64 MiB holds 10,000 items of ~6 KB (a GRPO step of 1,024
 *   prompts x 8 generations of 1,500 tokens is about 50 MB) while one request cannot take gigabytes;
 * - a per-item size limit: one item is scored synchronously, and the local checks cost about
 *   0.5 ms per KB of arithmetic-heavy text, so an item over `maxItemChars` (128 Ki characters,
 *   ~32k tokens, beyond any generation length in use) is answered null with the reason instead of
 *   holding the event loop for seconds;
 * - header and request timeouts: a client gets `headersTimeoutMs` to send its headers and
 *   `requestTimeoutMs` to send the whole request (slow judges do not count: that is after the
 *   request has arrived);
 * - a connection cap: sockets beyond it are closed at once by Node;
 * - 401 and 413 close the connection as soon as the answer is written, so a client cannot keep a
 *   socket by trickling a body nobody will read.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";

export interface ServerLimits {
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxItemChars: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxConnections: 256,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  maxItemChars: 128 * 1024,
};

/** How often Node checks the two timeouts above (its default, 30 s, would let them overrun). */
export const TIMEOUT_CHECK_MS = 1_000;

/** Options for `createServer` that must be set when the server is made. */
export function serverTimeouts(limits: ServerLimits): {
  headersTimeout: number;
  requestTimeout: number;
  connectionsCheckingInterval: number;
} {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: TIMEOUT_CHECK_MS,
  };
}

export function applyConnectionCap(server: Server, limits: ServerLimits): void {
  server.maxConnections = limits.maxConnections;
}

/**
 * Marks the answer as the last on this connection and destroys the socket once it is written:
 * the unread rest of the body is never waited for.
 */
export function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("connection", "close");
  res.once("finish", () => req.socket.destroy());
}

/** Why an item is too long to score, or undefined when it fits. */
export function itemTooLong(problem: string, response: string, maxItemChars: number): string | undefined {
  const size = problem.length + response.length;
  if (size <= maxItemChars) return undefined;
  return `the item is ${size} characters long (prompt and completion); the per-item limit is ${maxItemChars} (pns serve-reward --max-item-kb)`;
}
