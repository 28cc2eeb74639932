import { EventEmitter, once } from "node:events";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { PnsSettings } from "../../core/config/index";
import type { ScoringService } from "../../scoring/service";
import { HttpError, authorised, digest, readBody, send } from "./http";
import { BadRequest, parseRewardRequest } from "./items";
import {
  DEFAULT_LIMITS,
  type ServerLimits,
  applyConnectionCap,
  closeAfterAnswer,
  itemTooLong,
  serverTimeouts,
} from "./limits";
import { JsonLimitError, JsonSyntaxFailure, parseJsonYielding } from "./parseJson";
import { DEFAULT_YIELD_CHARS } from "./pacer";
import { scoreBatch } from "./scoreBatch";

export interface RewardServerOptions {
  host: string;
  port: number;
  token: string;
  settings: PnsSettings;
  service: ScoringService;
  /** Largest accepted request body. Default 64 MiB. */
  maxBodyBytes?: number;
  /** Most items in one request; more is answered 413. Default 10,000. */
  maxItems?: number;
  /** Items scored between yields to the event loop at most. Default 64. */
  chunkSize?: number;
  /** Characters of items scored between yields at most. Default 64 Ki (pacer.ts). */
  yieldChars?: number;
  onRemoteFailure?: "null" | "partial";
  /** Longest the remote components of one request may take. Default 240 s. */
  remoteBudgetMs?: number;
  version?: string;
  /** One line per request problem (never tokens or bodies). */
  log?: (line: string) => void;
  /** Connection cap, timeouts and the per-item size limit (see limits.ts); defaults when absent. */
  limits?: Partial<ServerLimits>;
}

export interface RunningRewardServer {
  /** `http://host:port` (IPv6 hosts in brackets). */
  url: string;
  port: number;
  /**
   * Stops accepting connections, lets requests in flight finish for up to `graceMs`, then cancels
   * what is left (remote calls are aborted) and closes every connection.
   */
  close(graceMs?: number): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_ITEMS = 10_000;
/** Below the jobs bridge's 300 s request timeout, so the trainer gets an answer, not a timeout. */
export const DEFAULT_REMOTE_BUDGET_MS = 240_000;

/** Starts the reward server; resolves once it listens. */
export async function startRewardServer(options: RewardServerOptions): Promise<RunningRewardServer> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const tokenDigest = digest(options.token);
  const inFlight = new Set<AbortController>();
  const log = options.log ?? (() => undefined);
  let closing = false;
  const drained = new EventEmitter();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/health") {
      if (req.method !== "GET" && req.method !== "HEAD")
        throw new HttpError(405, "method-not-allowed", "use GET /health");
      // Unauthenticated on purpose (liveness probes); it reveals nothing but what is configured.
      send(res, closing ? 503 : 200, {
        status: closing ? "shutting-down" : "ok",
        version: options.version ?? "unknown",
        remote: options.service.configured(),
        inFlight: inFlight.size,
      });
      return;
    }
    if (path !== "/v1/reward") throw new HttpError(404, "not-found", `no route ${req.method ?? ""} ${path}`);
    if (req.method !== "POST") throw new HttpError(405, "method-not-allowed", "use POST /v1/reward");
    if (!authorised(req.headers.authorization, tokenDigest)) {
      res.setHeader("www-authenticate", 'Bearer realm="pns-reward"');
      closeAfterAnswer(req, res);
      throw new HttpError(
        401,
        "unauthorized",
        "missing or wrong bearer token (Authorization: Bearer <PNS_REWARD_TOKEN>)",
      );
    }
    if (closing) throw new HttpError(503, "shutting-down", "the server is shutting down");

    const controller = new AbortController();
    inFlight.add(controller);
    // The client hung up before the answer: stop its remote calls.
    res.on("close", () => {
      if (!res.writableFinished) controller.abort(new Error("client disconnected"));
    });
    try {
      const text = await readBody(req, maxBodyBytes);
      let body: unknown;
      try {
        // Yields to the event loop on big bodies, so /health and other clients keep their turn.
        body = await parseJsonYielding(text);
      } catch (error) {
        if (error instanceof JsonLimitError) throw new HttpError(413, "body-too-complex", error.message);
        if (!(error instanceof JsonSyntaxFailure)) throw error;
        const where = error.where;
        throw new HttpError(
          400,
          "invalid-json",
          `invalid JSON at line ${where.line}, column ${where.column}: ${where.message}`,
          { line: where.line, column: where.column, offset: where.offset },
        );
      }
      const count = Array.isArray(body)
        ? body.length
        : Array.isArray((body as { items?: unknown } | null)?.items)
          ? (body as { items: unknown[] }).items.length
          : 0;
      if (count > maxItems) {
        throw new HttpError(
          413,
          "too-many-items",
          `${count} items in one request; the limit is ${maxItems} (pns serve-reward --max-items). Send smaller batches.`,
          { limit: maxItems, items: count },
        );
      }
      let request;
      try {
        request = parseRewardRequest(body);
      } catch (error) {
        if (error instanceof BadRequest) throw new HttpError(400, "bad-request", error.message);
        throw error;
      }
      for (const item of request.items) {
        const tooLong =
          item.error === undefined && itemTooLong(item.problem, item.response, limits.maxItemChars);
        if (tooLong) item.error = tooLong;
      }
      const started = performance.now();
      const { results, unscorable, stats } = await scoreBatch(
        request,
        {
          settings: options.settings,
          service: options.service,
          onRemoteFailure: options.onRemoteFailure ?? "null",
          chunkSize: options.chunkSize ?? 64,
          yieldChars: options.yieldChars ?? DEFAULT_YIELD_CHARS,
          remoteBudgetMs: options.remoteBudgetMs ?? DEFAULT_REMOTE_BUDGET_MS,
        },
        controller.signal,
      );
      if (controller.signal.aborted) return;
      send(res, 200, {
        results,
        ...(unscorable.length > 0 ? { unscorable } : {}),
        stats,
        meta: {
          items: results.length,
          elapsedMs: Math.round(performance.now() - started),
          remote: options.service.configured(),
        },
      });
    } finally {
      inFlight.delete(controller);
      if (inFlight.size === 0) drained.emit("drained");
    }
  };

  const server: Server = createServer(serverTimeouts(limits), (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (error instanceof HttpError) {
        if (error.status >= 500 || error.status === 413)
          log(`${req.method} ${pathOf(req)}: ${error.status} ${error.message}`);
        // After a 413 for an oversized body the rest of it is not worth reading: close the connection.
        if (error.code === "body-too-large") closeAfterAnswer(req, res);
        send(res, error.status, { error: { code: error.code, message: error.message, ...error.extra } });
        return;
      }
      log(
        `${req.method} ${pathOf(req)}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      send(res, 500, { error: { code: "internal", message: "internal error; see the server log" } });
    });
  });
  // The request timeout bounds how long a client takes to SEND its request; scoring after that
  // (minutes with a slow judge) is bounded by remoteBudgetMs instead.
  applyConnectionCap(server, limits);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    async close(graceMs = 10_000) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          once(drained, "drained"),
          new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
        ]);
        clearTimeout(timer);
      }
      for (const controller of inFlight) controller.abort(new Error("server shutting down"));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The request path for the log: never the query string, which a client may fill with a token. */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? "/").split("?")[0];
}
