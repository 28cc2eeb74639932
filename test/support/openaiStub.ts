/**
 * A real local HTTP server that speaks enough of the OpenAI and vLLM APIs for tests: each route
 * answers from a queue of programmed replies (success, 429 with Retry-After, 500, a hang that
 * never answers, a dropped connection, non-JSON bodies, ...), then from the route's default
 * handler. Every request is recorded (method, path, headers, parsed body) so tests can assert on
 * what a client sent. Start one per test file; nothing here sleeps.
 *
 *   const stub = await OpenAiStub.start();
 *   stub.enqueue("/v1/chat/completions", rateLimited(1), chatReply(judgeJson({ relevance: 8 })));
 *   ... new OpenAI({ baseURL: stub.baseUrl }) ...
 *   await stub.close();
 */
import { EventEmitter } from "node:events";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type StubReply =
  /** A JSON body with the given status (default 200). */
  | { kind: "json"; status?: number; body: unknown; headers?: Record<string, string> }
  /** A raw body, sent as is (default content type text/plain). */
  | { kind: "text"; status?: number; body: string; headers?: Record<string, string> }
  /** Never answers; the connection stays open until the client gives up or the stub closes. */
  | { kind: "hang" }
  /** Destroys the socket without an HTTP reply (a connection reset, seen by the client). */
  | { kind: "drop" };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body text. */
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
}

export type StubHandler = (request: RecordedRequest) => StubReply;

export class OpenAiStub {
  readonly requests: RecordedRequest[] = [];
  private readonly queues = new Map<string, StubReply[]>();
  private readonly defaults = new Map<string, StubHandler>();
  private readonly events = new EventEmitter();
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:PORT`, the server root (vLLM's /classify and /pooling live here). */
    readonly url: string,
  ) {}

  /** The OpenAI-style base URL: `<url>/v1`. */
  get baseUrl(): string {
    return `${this.url}/v1`;
  }

  static async start(): Promise<OpenAiStub> {
    // The handler needs the stub and the stub needs the server's port: tie them through a holder.
    const holder: { stub?: OpenAiStub } = {};
    const server = createServer((req, res) => void holder.stub!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    holder.stub = new OpenAiStub(server, `http://127.0.0.1:${port}`);
    return holder.stub;
  }

  /** Replies for the next requests to `path`, used in order before the default handler. */
  enqueue(path: string, ...replies: StubReply[]): this {
    const queue = this.queues.get(path) ?? [];
    queue.push(...replies);
    this.queues.set(path, queue);
    return this;
  }

  /** The reply for `path` once its queue is empty. */
  setDefault(path: string, handler: StubHandler): this {
    this.defaults.set(path, handler);
    return this;
  }

  /** Forgets recorded requests, queues and defaults (between tests sharing one stub). */
  reset(): void {
    this.requests.length = 0;
    this.queues.clear();
    this.defaults.clear();
  }

  /** Requests recorded for `path`. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Resolves once `count` requests have arrived in total; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs = 5000): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onRequest = () => {
        if (this.requests.length < count) return;
        clearTimeout(timer);
        this.events.off("request", onRequest);
        resolve();
      };
      const timer = setTimeout(() => {
        this.events.off("request", onRequest);
        reject(new Error(`stub: ${this.requests.length} of ${count} requests after ${timeoutMs} ms`));
      }, timeoutMs);
      this.events.on("request", onRequest);
    });
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of req) chunks.push(chunk as Uint8Array);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const path = (req.url ?? "/").split("?")[0];
    const recorded: RecordedRequest = { method: req.method ?? "GET", path, headers: req.headers, text, body };
    this.requests.push(recorded);
    const reply =
      this.queues.get(path)?.shift() ?? this.defaults.get(path)?.(recorded) ?? notProgrammed(recorded);
    this.events.emit("request", recorded);
    this.send(res, reply);
  }

  private send(res: ServerResponse, reply: StubReply): void {
    switch (reply.kind) {
      case "hang":
        this.hanging.add(res);
        res.on("close", () => this.hanging.delete(res));
        return;
      case "drop":
        res.socket?.destroy();
        return;
      case "json":
        res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
        res.end(JSON.stringify(reply.body));
        return;
      case "text":
        res.writeHead(reply.status ?? 200, { "content-type": "text/plain", ...reply.headers });
        res.end(reply.body);
        return;
    }
  }
}

function notProgrammed(request: RecordedRequest): StubReply {
  return json({ error: { message: `stub: no reply programmed for ${request.method} ${request.path}` } }, 501);
}

// ---- Reply builders -------------------------------------------------------------------------

export function json(body: unknown, status = 200, headers?: Record<string, string>): StubReply {
  return { kind: "json", status, body, headers };
}

export function text(body: string, status = 200, headers?: Record<string, string>): StubReply {
  return { kind: "text", status, body, headers };
}

export const hang: StubReply = { kind: "hang" };
export const drop: StubReply = { kind: "drop" };

/** 429 with `Retry-After` (seconds, or an HTTP date string). */
export function rateLimited(retryAfter: number | string): StubReply {
  return json({ error: { message: "Rate limit reached", type: "rate_limit_error" } }, 429, {
    "retry-after": String(retryAfter),
  });
}

export function serverError(status = 500): StubReply {
  return json({ error: { message: "The server had an error while processing your request." } }, status);
}

/** An OpenAI chat completion whose first choice says `content`. */
export function chatReply(
  content: string | null,
  usage = { prompt_tokens: 100, completion_tokens: 20 },
): StubReply {
  return json({
    id: "chatcmpl-stub",
    object: "chat.completion",
    created: 1_700_000_000,
    model: "stub-judge",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  });
}

/** The JSON text of a judge reply on the rubric's keys; unspecified criteria default to 7. */
export function judgeJson(
  scores: Partial<
    Record<"relevance" | "coherence" | "instruction_following" | "reasoning_quality", unknown>
  > = {},
  rationale = "Steps are clear and follow from each other.",
): string {
  return JSON.stringify({
    relevance: 7,
    coherence: 7,
    instruction_following: 7,
    reasoning_quality: 7,
    ...scores,
    rationale,
  });
}

/** A vLLM /classify reply: one single-class result per score, as raw logits in `probs`. */
export function classifyReply(scores: number[], field: "probs" | "logits" = "probs"): StubReply {
  return json({
    id: "classify-stub",
    object: "list",
    created: 1_700_000_000,
    model: "stub-rm",
    data: scores.map((score, index) => ({ index, label: "LABEL_0", [field]: [score], num_classes: 1 })),
    usage: { prompt_tokens: 50 * scores.length, total_tokens: 50 * scores.length, completion_tokens: 0 },
  });
}

/** A vLLM /pooling reply: per input, per-token rows (the last row is the outcome reward). */
export function poolingReply(perInputRows: number[][][]): StubReply {
  return json({
    id: "pool-stub",
    object: "list",
    created: 1_700_000_000,
    model: "stub-rm",
    data: perInputRows.map((rows, index) => ({ index, object: "pooling", data: rows })),
    usage: { prompt_tokens: 10, total_tokens: 10, completion_tokens: 0 },
  });
}
