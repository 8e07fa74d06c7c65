// Draws the app icons (a torque curve over a grid on the paddock-dark background) as PNGs into
// public/icons/. No image library: a small anti-aliased rasteriser and a PNG encoder over node:zlib.
// Run: node --import tsx scripts/make-icons.ts

import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

type Rgb = [number, number, number];
const BACKGROUND: Rgb = [0x0f, 0x14, 0x19];
const GRID: Rgb = [0x2a, 0x35, 0x40];
const CURVE: Rgb = [0xff, 0x8a, 0x1f];
const POWER: Rgb = [0x3f, 0xc1, 0xc9];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** RGB (8 bit, no alpha) PNG of a size×size image. */
function encodePng(size: number, rgb: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, size);
  hv.setUint32(4, size);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = new Uint8Array(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0; // filter: none
    raw.set(rgb.subarray(y * size * 3, (y + 1) * size * 3), y * (size * 3 + 1) + 1);
  }
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', new Uint8Array(deflateSync(raw, { level: 9 }))),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Points of a curve in unit coordinates (x, y in 0..1, y up), inside the maskable safe zone. */
function curvePoints(f: (x: number) => number): Array<[number, number]> {
  const pts: Array<[number, number]> = [];
  for (let i = 0; i <= 48; i++) {
    const x = i / 48;
    pts.push([0.22 + 0.56 * x, 0.26 + 0.5 * f(x)]);
  }
  return pts;
}

const torque = curvePoints((x) => 0.45 + 0.45 * Math.sin(Math.PI * (0.1 + 0.8 * x)) - 0.12 * x);
const power = curvePoints((x) => 0.08 + 0.85 * Math.pow(x, 1.3) * (1 - 0.35 * x * x));

function blend(dst: Rgb, src: Rgb, a: number): Rgb {
  return [dst[0] + (src[0] - dst[0]) * a, dst[1] + (src[1] - dst[1]) * a, dst[2] + (src[2] - dst[2]) * a];
}

function coverage(distancePx: number, halfWidthPx: number): number {
  return Math.max(0, Math.min(1, halfWidthPx + 0.5 - distancePx));
}

function polylineDistance(x: number, y: number, pts: Array<[number, number]>, size: number): number {
  let d = Infinity;
  for (let i = 1; i < pts.length; i++) {
    const [ax, ay] = pts[i - 1];
    const [bx, by] = pts[i];
    d = Math.min(d, distanceToSegment(x, y, ax * size, (1 - ay) * size, bx * size, (1 - by) * size));
  }
  return d;
}

function drawIcon(size: number): Uint8Array {
  const rgb = new Uint8Array(size * size * 3);
  const gridStep = size * 0.14;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      let c: Rgb = BACKGROUND;
      const inPlot = px > size * 0.2 && px < size * 0.8 && py > size * 0.2 && py < size * 0.8;
      if (inPlot) {
        const gx = Math.abs(((px - size * 0.22) % gridStep + gridStep) % gridStep);
        const gy = Math.abs(((py - size * 0.22) % gridStep + gridStep) % gridStep);
        const gridD = Math.min(gx, gridStep - gx, gy, gridStep - gy);
        c = blend(c, GRID, coverage(gridD, size / 256));
      }
      c = blend(c, POWER, coverage(polylineDistance(px, py, power, size), size / 64));
      c = blend(c, CURVE, coverage(polylineDistance(px, py, torque, size), size / 40));
      const o = (y * size + x) * 3;
      rgb[o] = Math.round(c[0]);
      rgb[o + 1] = Math.round(c[1]);
      rgb[o + 2] = Math.round(c[2]);
    }
  }
  return encodePng(size, rgb);
}

const outDir = new URL('../public/icons/', import.meta.url);
mkdirSync(outDir, { recursive: true });
for (const [name, size] of [['icon-192.png', 192], ['icon-512.png', 512], ['apple-touch-icon-180.png', 180]] as const) {
  const png = drawIcon(size);
  writeFileSync(new URL(name, outDir), png);
  console.log(`${name}: ${size}×${size} px, ${png.length} bytes`);
}
