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

/**
 * Parses the `key=value` pairs of a directive line between `from` and `to` (one line). Values are
 * bare (up to the next space or tab) or JSON strings. Bad tokens are reported and skipped; a bad
 * bare value (empty, or containing `"`) is reported and kept, so its text survives a round trip.
 */
export function parseMeta(
  text: string,
  from: number,
  to: number,
  line: number,
  lineStart: number,
  report: Report,
  /** Keys seen so far in this file: repeated keys share one string (a 40 MB file has 400k of them). */
  keys?: Map<string, string>,
): MetaEntry[] {
  const entries: MetaEntry[] = [];
  // Duplicate keys: a linear look-back for the usual handful of pairs, a set for long lines.
  let seen: Set<string> | undefined;
  let findings = 0;
  const bad = (message: string, start: number, end: number): void => {
    findings++;
    if (findings <= MAX_META_FINDINGS_PER_LINE) {
      report("invalid-meta", message, rangeOn(line, lineStart, start, end));
    } else if (findings === MAX_META_FINDINGS_PER_LINE + 1) {
      report(
        "invalid-meta",
        "more invalid metadata on this line (not reported one by one)",
        rangeOn(line, lineStart, start, to),
      );
    }
  };
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
      const token = text.slice(start, end);
      bad(`expected key=value, found '${clip(token)}'`, start, end);
      i = end;
      continue;
    }
    let key = text.slice(start, k);
    if (keys) {
      const known = keys.get(key);
      if (known === undefined) keys.set(key, key);
      else key = known;
    }
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
        bad(`unterminated quoted value for '${key}'`, start, to);
        break;
      }
      end = Math.min(j, to);
      if (end < to && !isBlankChar(text.charCodeAt(end))) {
        const tokenEnd = skipToBlank(text, end, to);
        bad(`expected a space after the quoted value of '${key}'`, end, tokenEnd);
        i = tokenEnd;
        continue;
      }
      try {
        value = JSON.parse(text.slice(valueStart, end)) as string;
      } catch (error) {
        bad(`invalid quoted value for '${key}': ${(error as Error).message}`, valueStart, end);
        i = end;
        continue;
      }
    } else {
      end = skipToBlank(text, valueStart, to);
      value = text.slice(valueStart, end);
      if (value.length === 0) bad(`empty value for '${key}': write ${key}=""`, start, end);
      else if (value.includes('"'))
        bad(`a bare value cannot contain '"': quote the value of '${key}'`, valueStart, end);
    }
    const entry = new ParsedMetaEntry(key, value, rangeOn(line, lineStart, start, end));
    if (entries.length === 16) seen = new Set(entries.map((e) => e.key));
    const repeated = seen ? seen.has(key) : entries.some((e) => e.key === key);
    if (repeated) report("duplicate-meta-key", `duplicate metadata key '${key}'`, entry.keyRange);
    seen?.add(key);
    entries.push(entry);
    i = end;
  }
  return entries;
}

/**
 * A parsed `key=value`. A 40 MB file holds some 400,000 of them, so the key and value ranges are
 * computed when read, from `range` (the token starts with the key; the value, quoted or bare, runs
 * from after `=` to the token's end): that halves the objects per entry. They read like plain
 * fields, and `toJSON` writes them out.
 */
class ParsedMetaEntry implements MetaEntry {
  constructor(
    public key: string,
    public value: string,
    public range: Range,
  ) {}

  get keyRange(): Range {
    const { start } = this.range;
    return { start, end: shift(start, this.key.length) };
  }

  get valueRange(): Range {
    return { start: shift(this.range.start, this.key.length + 1), end: this.range.end };
  }

  toJSON(): MetaEntry {
    const { key, value, range, keyRange, valueRange } = this;
    return { key, value, range, keyRange, valueRange };
  }
}

function shift(at: Position, by: number): Position {
  return { line: at.line, character: at.character + by, offset: at.offset + by };
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
