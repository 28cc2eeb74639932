/**
 * A small JSON scanner for error reporting. `JSON.parse` says *that* a line is broken, but on
 * Node 20 often not *where*; this walks the text by RFC 8259 and returns the offset of the first
 * error, so `pns import` can print `file:line:col`. It also records where each top-level key of
 * an object starts, so a row that lacks a field or has the wrong type can point at the field.
 *
 * Iterative (an explicit stack) so that deeply nested input cannot overflow the call stack. Only
 * called for lines that need a location, so it favours clarity over speed.
 */
export interface JsonScanError {
  /** UTF-16 offset of the offending character (the text length for "unexpected end"). */
  offset: number;
  message: string;
}

export interface JsonScan {
  error: JsonScanError | null;
  /** Offsets of the opening quote of each key of the top-level object, first occurrence wins. */
  topLevelKeys: Map<string, number>;
}

// Sticky, so matching starts at `lastIndex` without slicing a possibly huge line.
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class ScanFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export function scanJson(text: string): JsonScan {
  const topLevelKeys = new Map<string, number>();
  try {
    new Scanner(text, topLevelKeys).run();
    return { error: null, topLevelKeys };
  } catch (error) {
    if (error instanceof ScanFailure) {
      return { error: { offset: error.offset, message: error.message }, topLevelKeys };
    }
    throw error;
  }
}

class Scanner {
  private pos = 0;
  private readonly stack: ("{" | "[")[] = [];

  constructor(
    private readonly text: string,
    private readonly keys: Map<string, number>,
  ) {}

  run(): void {
    this.skipSpace();
    let expectValue = true;
    for (;;) {
      if (expectValue) {
        expectValue = this.value();
        continue;
      }
      this.skipSpace();
      const top = this.stack.at(-1);
      if (top === undefined) {
        if (this.pos < this.text.length) this.fail("unexpected text after the JSON value");
        return;
      }
      const close = top === "{" ? "}" : "]";
      const ch = this.text[this.pos];
      if (ch === ",") {
        this.pos++;
        this.skipSpace();
        if (top === "{") this.key();
        expectValue = true;
      } else if (ch === close) {
        this.pos++;
        this.stack.pop();
      } else {
        this.fail(`expected ',' or '${close}'`);
      }
    }
  }

  /** Scans one value or opens a container; returns true when a value must follow (container opened). */
  private value(): boolean {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === "{" || ch === "[") {
      this.stack.push(ch);
      this.pos++;
      this.skipSpace();
      const close = ch === "{" ? "}" : "]";
      if (this.text[this.pos] === close) {
        this.pos++;
        this.stack.pop();
        return false;
      }
      if (ch === "{") this.key();
      return true;
    }
    if (ch === '"') this.string();
    else if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) this.number();
    else if (!this.literal("true") && !this.literal("false") && !this.literal("null")) {
      this.fail("expected a JSON value");
    }
    return false;
  }

  /** A key and its colon; leaves the position at the value. */
  private key(): void {
    if (this.text[this.pos] !== '"') this.fail("expected a property name in double quotes");
    const start = this.pos;
    this.string();
    if (this.stack.length === 1) {
      const name = JSON.parse(this.text.slice(start, this.pos)) as string;
      if (!this.keys.has(name)) this.keys.set(name, start);
    }
    this.skipSpace();
    if (this.text[this.pos] !== ":") this.fail("expected ':' after the property name");
    this.pos++;
  }

  private string(): void {
    this.pos++; // opening quote
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) this.fail("unterminated string");
      if (ch === '"') {
        this.pos++;
        return;
      }
      if (ch === "\\") {
        const esc = this.text[this.pos + 1];
        if (esc === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
            this.pos++;
            this.fail("invalid \\u escape: expected four hex digits");
          }
          this.pos += 6;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) {
          this.pos += 2;
        } else {
          this.pos++;
          this.fail("invalid escape in string");
        }
      } else if (ch < " ") {
        this.fail("control character in string (write it as an escape such as \\n or \\t)");
      } else {
        this.pos++;
      }
    }
  }

  private number(): void {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail("invalid number");
    this.pos += match[0].length;
  }

  private literal(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    this.pos += word.length;
    return true;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && " \t\n\r".includes(this.text[this.pos])) this.pos++;
  }

  private fail(message: string): never {
    const found = this.text[this.pos];
    const detail = found === undefined ? "unexpected end of line" : `unexpected ${printable(found)}`;
    throw new ScanFailure(this.pos, `${detail}: ${message}`);
  }
}

/** A character as a message can show it: control and invisible characters as U+XXXX. */
function printable(ch: string): string {
  const code = ch.charCodeAt(0);
  const invisible = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfeff || code === 0xfffd;
  return invisible ? `U+${code.toString(16).toUpperCase().padStart(4, "0")}` : JSON.stringify(ch);
}
