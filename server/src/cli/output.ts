import { once } from "node:events";

/**
 * Buffered writes to a stream that wait when the stream is full, so that printing a million
 * findings to a slow pipe never piles them up in memory (a plain `write` queues without limit).
 */
export class Output {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly batch = 1 << 16,
  ) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.batch) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join("");
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(text)) await once(this.stream, "drain");
  }
}
