// Hangar's icon drawn in code (a rounded blue square with a white "H"), encoded as an RGBA PNG. The
// tray uses it at run time; installer/icons/icon.png is the same drawing at 512 px.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Whether a point (unit coordinates) is inside the rounded square, and inside the letter. */
function shade(x: number, y: number): { inside: boolean; letter: boolean } {
  const r = 0.22;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= 0 && x <= 1 && y >= 0 && y <= 1;
  const stem = (x >= 0.27 && x <= 0.39) || (x >= 0.61 && x <= 0.73);
  const bar = x > 0.39 && x < 0.61 && y >= 0.45 && y <= 0.56;
  const letter = y >= 0.24 && y <= 0.76 && (stem || bar);
  return { inside, letter };
}

export function hangarIconPng(size: number): Buffer {
  const samples = 4; // per axis, for smooth edges
  const rows: Buffer[] = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let px = 0; px < size; px++) {
      let cover = 0;
      let white = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const s = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (s.inside) {
            cover++;
            if (s.letter) white++;
          }
        }
      }
      const mix = cover === 0 ? 0 : white / cover;
      const o = 1 + px * 4;
      row[o] = Math.round(0x3f + (0xff - 0x3f) * mix);
      row[o + 1] = Math.round(0x76 + (0xff - 0x76) * mix);
      row[o + 2] = 0xff;
      row[o + 3] = Math.round((255 * cover) / (samples * samples));
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
