/**
 * A response's UTF-16 code units as bytes, for the scans that classify characters one by one.
 * Indexing a Uint8Array is about three times cheaper than `charCodeAt` per character, and an
 * all-ASCII text (nearly every response) is copied natively by TextEncoder in a small fraction of a
 * scan's time (≈ 0.1 µs for 400 characters).
 */

/** The byte that stands for any non-ASCII code unit: read the string at that offset for the unit. */
export const NON_ASCII = 0x80;

const encoder = new TextEncoder();
let scratch = new Uint8Array(1 << 16);
/** Scratch beyond this size (a response of megabytes) serves its call and is not kept. */
const MAX_KEPT = 1 << 20;

function bytesFor(n: number): Uint8Array {
  if (scratch.length >= n) return scratch;
  const bytes = new Uint8Array(Math.max(n, scratch.length * 2));
  if (bytes.length <= MAX_KEPT) scratch = bytes;
  return bytes;
}

/**
 * Between {@link shareBytes} and {@link endSharing}: the text whose bytes several scans share
 * (the words scan, the math scan and the mixed-language rule all read the response checkFormat is
 * checking), and whether the scratch holds them yet. Outside that scope nothing is held, so no
 * response (nor the document it is a slice of) is kept alive by this module.
 */
let shared: string | undefined;
let sharedReady = false;
let sharedAscii = false;

/** Scans of `text` until {@link endSharing} encode it once. */
export function shareBytes(text: string): void {
  shared = text;
  sharedReady = false;
}

export function endSharing(): void {
  shared = undefined;
  sharedReady = false;
}

/**
 * `text`'s code units, one byte per unit: an ASCII unit as itself, any other as {@link NON_ASCII}.
 * The array is scratch shared by every call (a fresh one per response would cost more than the
 * scan): read-only, valid until the next call, possibly longer than the text; never keep it.
 */
export function codeUnitBytes(text: string): Uint8Array {
  if (sharedReady && text === shared) return scratch;
  const n = text.length;
  const bytes = bytesFor(n);
  // UTF-8 of an all-ASCII text is the text, one byte per unit; any other unit takes more bytes
  // than units (or does not fit), so `read === written === n` exactly when the text is ASCII.
  const { read, written } = encoder.encodeInto(text, bytes);
  const ascii = read === n && written === n;
  if (!ascii) {
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      bytes[i] = c < 0x80 ? c : NON_ASCII;
    }
  }
  // The scratch now holds this text's bytes, or no longer holds the shared text's.
  sharedReady = text === shared && bytes === scratch;
  sharedAscii = ascii;
  return bytes;
}

/** Whether every code unit of `text` is ASCII. */
export function isAscii(text: string): boolean {
  if (sharedReady && text === shared) return sharedAscii;
  const n = text.length;
  const { read, written } = encoder.encodeInto(text, bytesFor(n));
  // Whatever the scratch held is overwritten (with UTF-8, not code-unit bytes, if not ASCII).
  sharedReady = false;
  return read === n && written === n;
}

/** ASCII whitespace as JavaScript's `\s` sees it (tab to carriage return, space), by code. */
const ASCII_SPACE = new Uint8Array(128);
for (const c of [9, 10, 11, 12, 13, 32]) ASCII_SPACE[c] = 1;

/** The characters JavaScript's `\s` matches: a table lookup for ASCII, the rare rest compared. */
export function isSpace(c: number): boolean {
  if (c < 128) return ASCII_SPACE[c] === 1;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
