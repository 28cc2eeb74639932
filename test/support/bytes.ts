/** Byte arrays for tests that feed raw bytes (invalid UTF-8, BOMs, binary files, record framing). */

/** The parts one after another, in one new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Bytes from text (UTF-8) and raw byte values, in order. */
export function bytes(...parts: (string | number[])[]): Uint8Array {
  return concatBytes(
    ...parts.map((p) => (typeof p === "string" ? new TextEncoder().encode(p) : Uint8Array.from(p))),
  );
}
