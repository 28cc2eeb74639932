/**
 * JSON parsing that never holds the event loop for long. `JSON.parse` is fast on ordinary bodies
 * but runs to completion in one go: 63 MB of `[` kept the reward server (and its `/health`) busy
 * for seconds, and even an honest 50 MB batch takes about 200 ms. Bodies up to
 * {@link SYNC_LIMIT_CHARS} still go to `JSON.parse`; larger ones go through the parser below, which
 * gives the event loop a turn every {@link SLICE_CHARS} characters of input (long strings are
 * decoded in pieces of that size too). Both refuse nesting deeper than `maxDepth` and more than
 * `maxValues` values, so a hostile body cannot build an unbounded object graph.
 */
import { findJsonError, type JsonSyntaxError } from "./jsonError";

/** Bodies up to this size are parsed with `JSON.parse` in one go (well under 10 ms). */
export const SYNC_LIMIT_CHARS = 512 * 1024;
/** Characters of input between two yields to the event loop. */
export const SLICE_CHARS = 64 * 1024;

export interface JsonLimits {
  /** Deepest nesting of arrays and objects (a reward request needs about 6). */
  maxDepth: number;
  /** Most values (scalars, arrays, objects) in the whole document. */
  maxValues: number;
  /** Longest string (checked by the yielding parser only; small bodies cannot exceed it). */
  maxStringChars: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = {
  maxDepth: 64,
  maxValues: 2_000_000,
  maxStringChars: Number.MAX_SAFE_INTEGER,
};

/** A body that is valid JSON but over a limit (answered 413), or not JSON (400, with a position). */
export class JsonLimitError extends Error {}
export class JsonSyntaxFailure extends Error {
  constructor(readonly where: JsonSyntaxError) {
    super(where.message);
  }
}

const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Parses `text`; throws {@link JsonSyntaxFailure} or {@link JsonLimitError}. */
export async function parseJsonYielding(
  text: string,
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): Promise<unknown> {
  if (text.length <= SYNC_LIMIT_CHARS) {
    // Depth first: a small body of nothing but `[` must not reach JSON.parse's slow path either.
    checkDepth(text, limits.maxDepth);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const where = findJsonError(text);
      throw new JsonSyntaxFailure(
        where ?? { offset: 0, line: 1, column: 1, message: (error as Error).message },
      );
    }
  }
  return new YieldingParser(text, limits).parse();
}

/** Nesting depth outside strings, checked with one scan of the text. */
function checkDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) throw new JsonLimitError(`JSON nested deeper than ${maxDepth} levels`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

type Container = { array: unknown[] } | { object: Record<string, unknown>; key: string | undefined };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// Raw control characters are not allowed inside JSON strings; that is exactly what this finds.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

class YieldingParser {
  private i = 0;
  private nextYield = SLICE_CHARS;
  private values = 0;
  private readonly stack: Container[] = [];

  constructor(
    private readonly text: string,
    private readonly limits: JsonLimits,
  ) {}

  async parse(): Promise<unknown> {
    const t = this.text;
    let root: unknown;
    let haveRoot = false;
    // After a value: a comma or the container's end (or, at the top, the end of input).
    let afterValue = false;
    for (;;) {
      if (this.i >= this.nextYield) {
        await yieldNow();
        this.nextYield = this.i + SLICE_CHARS;
      }
      this.skipWhitespace();
      const top = this.stack[this.stack.length - 1];
      if (this.i >= t.length) {
        if (top === undefined && haveRoot) return root;
        this.fail("unexpected end of input");
      }
      const c = t[this.i];
      if (top === undefined && haveRoot) this.fail("unexpected data after the JSON value");
      if (afterValue) {
        if (c === ",") {
          this.i++;
          afterValue = false;
          if ("object" in top) this.expectKey(top);
          continue;
        }
        if ((c === "]" && "array" in top) || (c === "}" && "object" in top)) {
          this.i++;
          this.stack.pop();
          continue; // the container itself was already placed in its parent when it opened
        }
        this.fail(`expected ',' or '${"array" in top ? "]" : "}"}'`);
      }
      // A value is expected here (or the end of an empty container).
      if (top && c === "]" && "array" in top && top.array.length === 0) {
        this.i++;
        this.stack.pop();
        afterValue = true;
        continue;
      }
      let value: unknown;
      let opened: Container | undefined;
      if (c === "{") {
        this.i++;
        const object: Record<string, unknown> = {};
        value = object;
        opened = { object, key: undefined };
      } else if (c === "[") {
        this.i++;
        const array: unknown[] = [];
        value = array;
        opened = { array };
      } else if (c === '"') value = await this.string();
      else value = this.scalar();
      if (++this.values > this.limits.maxValues)
        throw new JsonLimitError(`more than ${this.limits.maxValues} JSON values in one body`);
      if (top === undefined) {
        root = value;
        haveRoot = true;
      } else if ("array" in top) top.array.push(value);
      // defineProperty: a "__proto__" key is data, as with JSON.parse, never the prototype.
      else
        Object.defineProperty(top.object, top.key!, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      afterValue = true;
      if (opened) {
        if (this.stack.length >= this.limits.maxDepth)
          throw new JsonLimitError(`JSON nested deeper than ${this.limits.maxDepth} levels`);
        this.stack.push(opened);
        afterValue = false;
        if ("object" in opened) {
          this.skipWhitespace();
          if (t[this.i] === "}") {
            this.i++;
            this.stack.pop();
            afterValue = true;
          } else this.expectKey(opened);
        }
      }
    }
  }

  /** Reads `"key" :` into the object container. */
  private expectKey(container: { object: Record<string, unknown>; key: string | undefined }): void {
    this.skipWhitespace();
    if (this.text[this.i] !== '"') this.fail("expected a property name in double quotes");
    container.key = this.stringSync();
    this.skipWhitespace();
    if (this.text[this.i] !== ":") this.fail("expected ':' after a property name");
    this.i++;
  }

  private scalar(): unknown {
    const t = this.text;
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (t.startsWith(word, this.i)) {
        this.i += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = this.i;
    const match = NUMBER.exec(t);
    if (!match) this.fail("expected a value");
    this.i += match[0].length;
    return Number(match[0]);
  }

  /**
   * The end quote of the string starting at `this.i`, searching at most `window` characters
   * (-1 when it is further: a long string, read in pieces by {@link string}).
   */
  private stringEnd(window = Infinity): number {
    const t = this.text;
    const start = this.i + 1;
    // A bounded view: indexOf on the whole text would scan a 60 MB string in one go.
    const view = window === Infinity ? t : t.slice(start, start + window);
    const base = window === Infinity ? 0 : start;
    let j = window === Infinity ? start : 0;
    for (;;) {
      const q = view.indexOf('"', j);
      if (q < 0) {
        if (window === Infinity || start + window >= t.length) this.fail("unterminated string");
        return -1;
      }
      let backslashes = 0;
      for (let k = base + q - 1; k > this.i && t.charCodeAt(k) === 0x5c; k--) backslashes++;
      if (backslashes % 2 === 0) return base + q;
      j = q + 1;
    }
  }

  private stringSync(): string {
    const end = this.stringEnd();
    const value = this.decode(this.i, end + 1);
    this.i = end + 1;
    return value;
  }

  /** A string value; long ones are found and decoded in slices with a yield between them. */
  private async string(): Promise<string> {
    const t = this.text;
    const end = this.stringEnd(SLICE_CHARS);
    if (end >= 0) {
      const value = this.decode(this.i, end + 1);
      this.i = end + 1;
      return value;
    }
    const parts: string[] = [];
    const open = this.i;
    let from = this.i + 1;
    for (;;) {
      // Where this piece ends: the closing quote if it is within reach, else a safe cut.
      this.i = from - 1;
      const close = this.stringEnd(SLICE_CHARS);
      if (close >= 0) {
        parts.push(this.decode(from - 1, close + 1, true));
        this.i = close + 1;
        return parts.join("");
      }
      const to = safeCut(t, from, from + SLICE_CHARS);
      parts.push(this.decode(from - 1, to + 1, true));
      from = to;
      if (from - open > this.limits.maxStringChars)
        throw new JsonLimitError(`a string longer than ${this.limits.maxStringChars} characters`);
      await yieldNow();
      this.nextYield = from + SLICE_CHARS;
    }
  }

  /** Decodes the quoted text `[start, end)`; `piece` means the quotes are not in the text. */
  private decode(start: number, end: number, piece = false): string {
    const inner = this.text.slice(start + 1, end - 1);
    if (CONTROL.test(inner)) this.fail("control character in a string", start + 1 + inner.search(CONTROL));
    if (!inner.includes("\\")) return inner;
    try {
      return JSON.parse(`"${inner}"`) as string;
    } catch {
      this.fail("invalid escape in a string", piece ? start + 1 : start);
    }
  }

  private skipWhitespace(): void {
    const t = this.text;
    let c = t.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = t.charCodeAt(++this.i);
  }

  private fail(message: string, offset = this.i): never {
    throw new JsonSyntaxFailure({ offset, ...lineColumn(this.text, offset), message });
  }
}

/** A cut point at or before `to` that splits no escape sequence (`\"`, `\\`, `\u00e9`). */
function safeCut(t: string, from: number, to: number): number {
  // Move back over a `\uXXXX` that the cut would split.
  for (let k = to - 1; k >= Math.max(from, to - 5); k--) {
    if (t[k] === "\\" && t[k + 1] === "u" && unescapedAt(t, k, from)) return k;
  }
  // And never end a piece on an unescaped backslash.
  return unescapedAt(t, to - 1, from) && t[to - 1] === "\\" ? to - 1 : to;
}

/** Whether the backslash at `k` starts an escape (an even number of backslashes before it). */
function unescapedAt(t: string, k: number, from: number): boolean {
  let n = 0;
  for (let j = k - 1; j >= from && t[j] === "\\"; j--) n++;
  return n % 2 === 0;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf("\n"); at >= 0 && at < offset; at = text.indexOf("\n", at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
