/** Odd chunk sizes every byte-format test feeds its fixtures in (1 byte, primes, and all at once). */
export const CHUNK_SIZES = [1, 3, 7, 13, 64, 1000, 1 << 20];

export function* chunked(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

export const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
export const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** An RTP packet: V=2, no padding/extension/CSRC. */
export function rtp(pt: number, seq: number, ts: number, payload: Uint8Array, marker = false, ssrc = 0x11223344): Uint8Array {
  const h = new Uint8Array(12);
  const dv = new DataView(h.buffer);
  h[0] = 0x80;
  h[1] = (marker ? 0x80 : 0) | pt;
  dv.setUint16(2, seq & 0xffff);
  dv.setUint32(4, ts >>> 0);
  dv.setUint32(8, ssrc);
  return concat(h, payload);
}

/** `$` interleaved frame (RFC 2326 §10.12). */
export const interleaved = (channel: number, data: Uint8Array): Uint8Array => concat(Uint8Array.of(0x24, channel, data.length >> 8, data.length & 0xff), data);
