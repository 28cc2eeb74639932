// Draws images/icon.png (128x128, the Marketplace size) from geometry, so the repository holds no
// binary of unknown origin: a rounded indigo tile with a balance of two answers, one ✓ (the
// positive) and one − (the plausible negative) weighed as equals. Run: node scripts/make-icon.mjs
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const SIZE = 128;
const SUPERSAMPLE = 4; // 16 samples per pixel smooth the edges

/** Signed distance helpers in icon units (0..128). Negative inside. */
const roundedBox = (x, y, cx, cy, hw, hh, r) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const segment = (x, y, ax, ay, bx, by, r) => {
  const px = x - ax,
    py = y - ay,
    dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - t * dx, py - t * dy) - r;
};
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;

/** Colour of one sample point, or null outside the tile. */
function shade(x, y) {
  if (roundedBox(x, y, 64, 64, 62, 62, 22) > 0) return null;
  // Background: a vertical indigo gradient.
  const t = y / SIZE;
  let colour = [Math.round(49 + 30 * t), Math.round(46 + 10 * t), Math.round(129 - 40 * t)];
  const white = [245, 247, 255];
  // The balance: a post, a beam and two pans.
  if (segment(x, y, 64, 34, 64, 100, 3.2) < 0) colour = white;
  if (segment(x, y, 26, 42, 102, 42, 3.2) < 0) colour = white;
  if (roundedBox(x, y, 64, 102, 20, 4, 3) < 0) colour = white;
  if (circle(x, y, 64, 34, 6) < 0) colour = white;
  // Left pan: a green disc with a check mark (the correct solution).
  if (circle(x, y, 34, 72, 17) < 0) colour = [52, 199, 120];
  if (segment(x, y, 26, 72, 32, 79, 3) < 0 || segment(x, y, 32, 79, 43, 64, 3) < 0) colour = white;
  // Right pan: an amber disc with a minus (the plausible negative), level with the positive.
  if (circle(x, y, 94, 72, 17) < 0) colour = [245, 166, 35];
  if (segment(x, y, 86, 72, 102, 72, 3) < 0) colour = white;
  // Strings from the beam to the pans.
  if (segment(x, y, 26, 42, 34, 55, 1.4) < 0 || segment(x, y, 102, 42, 94, 55, 1.4) < 0) colour = white;
  return colour;
}

function pixels() {
  const rows = [];
  for (let py = 0; py < SIZE; py++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0 (none), then RGBA
    for (let px = 0; px < SIZE; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const c = shade(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const o = 1 + px * 4;
      if (a > 0) {
        row[o] = Math.round(r / a);
        row[o + 1] = Math.round(g / a);
        row[o + 2] = Math.round(b / a);
      }
      row[o + 3] = Math.round((255 * a) / SUPERSAMPLE ** 2);
    }
    rows.push(row);
  }
  return Buffer.concat(rows);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", header),
  chunk("IDAT", deflateSync(pixels(), { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "images", "icon.png");
writeFileSync(out, png);
console.log(`${path.relative(process.cwd(), out)}: ${png.length} bytes`);
