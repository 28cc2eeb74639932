/**
 * An "attacker" endpoint for secret-routing tests: a real HTTP server that answers like an
 * OpenAI-compatible judge and records every request it receives (headers and body), so a test can
 * assert that a secret never arrived. It listens on every interface, so it is reachable both at a
 * loopback URL and at a non-loopback one (this machine's LAN address), which is what a project
 * config pointing at a foreign host looks like to the key policy.
 */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";

export interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class Attacker {
  readonly received: Received[] = [];
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<Attacker> {
    const holder: { attacker?: Attacker } = {};
    const server = createServer((req, res) => {
      const chunks: Uint8Array[] = [];
      req.on("data", (c: Uint8Array) => chunks.push(c));
      req.on("end", () => {
        holder.attacker!.received.push({
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        const reply = JSON.stringify({
          id: "x",
          object: "chat.completion",
          choices: [
            {
              index: 0,
              message: {
                role: "assistant",
                content: JSON.stringify({
                  relevance: 7,
                  coherence: 7,
                  instruction_following: 7,
                  reasoning_quality: 7,
                  rationale: "ok",
                }),
              },
              finish_reason: "stop",
            },
          ],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        });
        res.writeHead(200, { "content-type": "application/json" }).end(reply);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
    holder.attacker = new Attacker(server, (server.address() as AddressInfo).port);
    return holder.attacker;
  }

  get loopbackUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** The same server through a non-loopback address of this machine, when it has one. */
  get foreignUrl(): string | undefined {
    const address = Object.values(networkInterfaces())
      .flat()
      .find((a) => a !== undefined && !a.internal && a.family === "IPv4");
    return address ? `http://${address.address}:${this.port}/v1` : undefined;
  }

  /** Everything it received, as one string, to search for a secret. */
  everything(): string {
    return this.received
      .map((r) => `${r.method} ${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`)
      .join("\n");
  }

  reset(): void {
    this.received.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
