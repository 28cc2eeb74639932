import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** An error answered as `{"error": {code, message, ...extra}}` with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** SHA-256 of a token: compared digests have equal length whatever the token. */
export function digest(value: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(value, "utf8").digest());
}

/** Constant-time comparison of the bearer token (through digests, so lengths leak nothing). */
export function authorised(header: string | undefined, tokenDigest: Uint8Array): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match !== null && timingSafeEqual(digest(match[1]), tokenDigest);
}

/** Reads the body as UTF-8, refusing more than `maxBytes` (by Content-Length up front, or as it streams). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  const tooLarge = (size: string) =>
    new HttpError(
      413,
      "body-too-large",
      `request body of ${size} is over the ${maxBytes}-byte limit (--max-body-mb)`,
      {
        limit: maxBytes,
      },
    );
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(`${declared} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Uint8Array).length;
    if (size > maxBytes) throw tooLarge(`more than ${maxBytes} bytes`);
    chunks.push(chunk as Uint8Array);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Writes a JSON reply with its length. */
export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
