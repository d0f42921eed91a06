#!/usr/bin/env node
// Draws the extension icons (public/icons/icon-{16,32,48,128}.png) with nothing but Node:
// a blue rounded square with two opposite white arrows, the frames going both ways over a
// WebSocket. Shapes are defined in unit coordinates and sampled 4x4 per pixel for antialiasing;
// the PNG is written by hand (zlib for IDAT, a small CRC32), so no image library is needed.
//
//   node scripts/make-icons.mjs          (the PNGs are committed; rerun only to change them)
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 128];
const OUT_DIR = new URL('../public/icons/', import.meta.url);
const BLUE = [26, 115, 232]; // DevTools accent blue
const WHITE = [255, 255, 255];

/** Inside the rounded square background? (x, y in 0..1) */
function inBackground(x, y) {
  const r = 0.22;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** A horizontal arrow: shaft from `tail` to `base`, triangular head from `base` to `tip`, at height `cy`. */
function inArrow(x, y, { cy, tail, base, tip }) {
  const dir = Math.sign(tip - tail);
  const along = (x - tail) * dir; // distance from the tail toward the tip
  const baseAt = (base - tail) * dir;
  const tipAt = (tip - tail) * dir;
  if (along < 0 || along > tipAt) return false;
  if (along <= baseAt) return Math.abs(y - cy) <= 0.055; // shaft
  const halfHead = 0.15 * (1 - (along - baseAt) / (tipAt - baseAt)); // head narrows to the tip
  return Math.abs(y - cy) <= halfHead;
}

function inArrows(x, y) {
  return inArrow(x, y, { cy: 0.36, tail: 0.18, base: 0.6, tip: 0.84 }) || inArrow(x, y, { cy: 0.64, tail: 0.82, base: 0.4, tip: 0.16 });
}

/** RGBA pixels for one size, 4x4 supersampled. */
function draw(size) {
  const px = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let pxl = 0; pxl < size; pxl++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (pxl + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          if (!inBackground(x, y)) continue;
          bg++;
          if (inArrows(x, y)) fg++;
        }
      }
      const i = (py * size + pxl) * 4;
      const t = bg ? fg / bg : 0; // arrow share of the covered area
      for (let c = 0; c < 3; c++) px[i + c] = Math.round(BLUE[c] * (1 - t) + WHITE[c] * t);
      px[i + 3] = Math.round((255 * bg) / (n * n));
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** PNG file bytes: 8-bit RGBA, no interlace, filter type 0 on every row. */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(OUT_DIR, { recursive: true });
for (const size of SIZES) {
  const file = new URL(`icon-${size}.png`, OUT_DIR);
  writeFileSync(file, encodePng(size, draw(size)));
  console.log(`wrote ${file.pathname}`);
}
