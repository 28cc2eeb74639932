/**
 * A short, stable content hash for ids. It must give the same id for the same text on every
 * machine and every run (ids end up in datasets and in git history), so it hashes the UTF-8 bytes
 * of the text, not UTF-16 code units, and uses no platform API: FNV-1a 64, folded to 32 bits and
 * passed through a MurmurHash3 finalizer so that texts differing in one character differ in every
 * hex digit.
 */
export function shortHash(text: string): string {
  const [hi, lo] = fnv1a64(new TextEncoder().encode(text));
  return fmix32((hi ^ lo) >>> 0)
    .toString(16)
    .padStart(8, "0");
}

/** FNV-1a 64 of `bytes` as `[high 32 bits, low 32 bits]`, computed exactly with 32-bit halves. */
export function fnv1a64(bytes: Uint8Array): [number, number] {
  // Offset basis 0xcbf29ce484222325; prime 0x100000001b3 = 2^40 + 0x1b3.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of bytes) {
    lo = (lo ^ byte) >>> 0;
    // (hi:lo) * (2^40 + 0x1b3) mod 2^64; every partial product stays below 2^53.
    const loTimes = lo * 0x1b3;
    const carry = Math.floor(loTimes / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = loTimes >>> 0;
  }
  return [hi, lo];
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
