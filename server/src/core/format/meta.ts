import type { MetaEntry, Position, Range } from "./ast";
import type { ParseCode } from "./codes";
import { rangeOn } from "./position";

/** Receives a finding; the parser turns it into a diagnostic with the code's severity. */
export type Report = (code: ParseCode, message: string, range: Range) => void;

const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const EQUALS = 61;

/** Past this many bad tokens on one line, one summary finding replaces the rest (a 50 MB line of junk). */
const MAX_META_FINDINGS_PER_LINE = 10;

export function isBlankChar(code: number): boolean {
  return code === SPACE || code === TAB;
}

function isKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

/** Metadata keys: `[A-Za-z_][A-Za-z0-9_.-]*`. */
export function isValidMetaKey(key: string): boolean {
  if (key.length === 0 || !isKeyStart(key.charCodeAt(0))) return false;
  for (let i = 1; i < key.length; i++) if (!isKeyChar(key.charCodeAt(i))) return false;
  return true;
}

/** True when a token at `start` reads as `key=`, i.e. metadata rather than an id. */
export function looksLikeMeta(text: string, start: number, end: number): boolean {
  if (start >= end || !isKeyStart(text.charCodeAt(start))) return false;
  let i = start + 1;
  while (i < end && isKeyChar(text.charCodeAt(i))) i++;
  return i < end && text.charCodeAt(i) === EQUALS;
}

function skipToBlank(text: string, i: number, end: number): number {
  while (i < end && !isBlankChar(text.charCodeAt(i))) i++;
  return i;
}

/** Distinct keys remembered per file for sharing; a file with more reads the rest afresh. */
const MAX_SHARED_KEYS = 64;

/**
 * Reads the `key=value` pairs of directive lines (one reader per parse). Values are bare (up to
 * the next space or tab) or JSON strings. Bad tokens are reported and skipped; a bad bare value
 * (empty, or containing `"`) is reported and kept, so its text survives a round trip.
 */
export class MetaReader {
  /** Keys seen in this file: repeated keys share one string (a 40 MB file has 400k of them). */
  private readonly keys: string[] = [];
  private readonly scratch: MetaEntry[] = [];
  // The line being read, for findings.
  private line = 0;
  private lineStart = 0;
  private lineEnd = 0;
  private findings = 0;

  constructor(
    private readonly text: string,
    private readonly report: Report,
  ) {}

  /** The pairs in `[from, to)` of the line `line`, which starts at `lineStart`. */
  read(from: number, to: number, line: number, lineStart: number): MetaEntry[] {
    const text = this.text;
    this.line = line;
    this.lineStart = lineStart;
    this.lineEnd = to;
    this.findings = 0;
    // Entries gather in a reused scratch array and leave as an exact-size copy: an array grown by
    // push keeps room for 16, and a big file has ~100k of these arrays.
    const entries = this.scratch;
    entries.length = 0;
    // Duplicate keys: a linear look-back for the usual handful of pairs, a set for long lines.
    let seen: Set<string> | undefined;
    let i = from;
    while (i < to) {
      while (i < to && isBlankChar(text.charCodeAt(i))) i++;
      if (i >= to) break;
      const start = i;
      let k = i;
      if (isKeyStart(text.charCodeAt(k))) {
        k++;
        while (k < to && isKeyChar(text.charCodeAt(k))) k++;
      }
      if (k === start || k >= to || text.charCodeAt(k) !== EQUALS) {
        const end = skipToBlank(text, i, to);
        this.bad(`expected key=value, found '${clip(text.slice(start, end))}'`, start, end);
        i = end;
        continue;
      }
      const key = this.key(start, k);
      const valueStart = k + 1;
      let value: string;
      let end: number;
      if (valueStart < to && text.charCodeAt(valueStart) === QUOTE) {
        let j = valueStart + 1;
        let closed = false;
        while (j < to) {
          const c = text.charCodeAt(j);
          if (c === BACKSLASH) j += 2;
          else if (c === QUOTE) {
            closed = true;
            j++;
            break;
          } else j++;
        }
        if (!closed) {
          this.bad(`unterminated quoted value for '${key}'`, start, to);
          break;
        }
        end = Math.min(j, to);
        if (end < to && !isBlankChar(text.charCodeAt(end))) {
          const tokenEnd = skipToBlank(text, end, to);
          this.bad(`expected a space after the quoted value of '${key}'`, end, tokenEnd);
          i = tokenEnd;
          continue;
        }
        try {
          value = JSON.parse(text.slice(valueStart, end)) as string;
        } catch (error) {
          this.bad(`invalid quoted value for '${key}': ${(error as Error).message}`, valueStart, end);
          i = end;
          continue;
        }
      } else {
        end = skipToBlank(text, valueStart, to);
        value = text.slice(valueStart, end);
        if (value.length === 0) this.bad(`empty value for '${key}': write ${key}=""`, start, end);
        else if (value.includes('"')) {
          this.bad(`a bare value cannot contain '"': quote the value of '${key}'`, valueStart, end);
        }
      }
      const entry = new ParsedMetaEntry(key, value, line, start - lineStart, start, end - start);
      if (entries.length === 16) seen = new Set(entries.map((e) => e.key));
      let repeated = seen ? seen.has(key) : false;
      if (!seen) for (const e of entries) if (e.key === key) repeated = true;
      if (repeated) this.finding("duplicate-meta-key", `duplicate metadata key '${key}'`, start, k);
      seen?.add(key);
      entries.push(entry);
      i = end;
    }
    const result = entries.slice();
    entries.length = 0;
    return result;
  }

  /** The key at `[start, end)`, as a string shared with its earlier uses in the file. */
  private key(start: number, end: number): string {
    const length = end - start;
    for (const known of this.keys)
      if (known.length === length && this.text.startsWith(known, start)) return known;
    const key = this.text.slice(start, end);
    if (this.keys.length < MAX_SHARED_KEYS) this.keys.push(key);
    return key;
  }

  private bad(message: string, start: number, end: number): void {
    this.finding("invalid-meta", message, start, end);
  }

  private finding(code: ParseCode, message: string, start: number, end: number): void {
    this.findings++;
    if (this.findings <= MAX_META_FINDINGS_PER_LINE) {
      this.report(code, message, rangeOn(this.line, this.lineStart, start, end));
    } else if (this.findings === MAX_META_FINDINGS_PER_LINE + 1) {
      this.report(
        code,
        "more problems with the metadata on this line (not reported one by one)",
        rangeOn(this.line, this.lineStart, start, this.lineEnd),
      );
    }
  }
}

/**
 * A parsed `key=value`. A 40 MB file holds some 400,000 of them, and each range would be three
 * objects: so an entry keeps only where its token starts and how long it is, and builds `range`,
 * `keyRange` and `valueRange` when they are read (the token is `key=value` on one line, the value
 * quoted or bare running from after `=` to the token's end). They read like plain fields;
 * `toJSON` writes them out. A spread copy (`{...entry}`) has only `key` and `value`.
 */
class ParsedMetaEntry implements MetaEntry {
  readonly #line: number;
  readonly #character: number;
  readonly #offset: number;
  readonly #length: number;

  constructor(
    public key: string,
    public value: string,
    line: number,
    character: number,
    offset: number,
    length: number,
  ) {
    this.#line = line;
    this.#character = character;
    this.#offset = offset;
    this.#length = length;
  }

  get range(): Range {
    return { start: this.#at(0), end: this.#at(this.#length) };
  }

  get keyRange(): Range {
    return { start: this.#at(0), end: this.#at(this.key.length) };
  }

  get valueRange(): Range {
    return { start: this.#at(this.key.length + 1), end: this.#at(this.#length) };
  }

  #at(delta: number): Position {
    return { line: this.#line, character: this.#character + delta, offset: this.#offset + delta };
  }

  toJSON(): MetaEntry {
    const { key, value, range, keyRange, valueRange } = this;
    return { key, value, range, keyRange, valueRange };
  }
}

// Values that need quotes: empty, or holding a quote, whitespace, a control character or a lone
// surrogate (JSON.stringify escapes the last two, so the line stays one printable line).
const NEEDS_QUOTES = /[\p{White_Space}"\p{Cc}\p{Cs}]/u;

/** Writes a metadata value: bare when it reads back unchanged, else as a JSON string. */
export function formatMetaValue(value: string): string {
  if (value.length === 0) return '""';
  // Fast path: printable ASCII other than `"` is always bare.
  let ascii = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 32 || c >= 127 || c === QUOTE) {
      ascii = false;
      break;
    }
  }
  return ascii || !NEEDS_QUOTES.test(value) ? value : JSON.stringify(value);
}

function clip(token: string): string {
  return token.length > 40 ? `${token.slice(0, 40)}…` : token;
}
