/**
 * ITU-T G.711 expansion: A-law and µ-law bytes to 16-bit linear PCM (the values every G.711 decoder, ffmpeg's
 * pcm_alaw/pcm_mulaw included, produces). Pure: lookup tables built once.
 */

export type G711Law = 'pcma' | 'pcmu';

function alawToLinear(byte: number): number {
  const a = byte ^ 0x55; // even bits are inverted on the wire
  const segment = (a >> 4) & 0x07;
  let magnitude = ((a & 0x0f) << 4) + 8; // mid-point of the quantisation interval
  if (segment > 0) magnitude = (magnitude + 0x100) << (segment - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << ((u >> 4) & 0x07)) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

const TABLES: Record<G711Law, Int16Array> = {
  pcma: Int16Array.from({ length: 256 }, (_, i) => alawToLinear(i)),
  pcmu: Int16Array.from({ length: 256 }, (_, i) => ulawToLinear(i)),
};

/** Expands G.711 bytes into `out` (one sample per byte) starting at `offset`; returns the samples written. */
export function decodeG711(law: G711Law, data: Uint8Array, out: Int16Array, offset = 0): number {
  const table = TABLES[law];
  const n = Math.min(data.length, out.length - offset);
  for (let i = 0; i < n; i++) out[offset + i] = table[data[i]!]!;
  return n;
}

/** G.711 bytes as a new PCM array. */
export function g711ToPcm(law: G711Law, data: Uint8Array): Int16Array {
  const out = new Int16Array(data.length);
  decodeG711(law, data, out);
  return out;
}
