/**
 * Reads an HTTP-FLV stream far enough to check H.265 over Enhanced RTMP (ffprobe 5.1 cannot): the `hvc1`
 * sequence start's HEVCDecoderConfigurationRecord gives the SPS (size from core's parser), then coded frames.
 */
import { parseH265Sps } from '@nvr-pusher/core/media';

export interface HevcFlv {
  width: number;
  height: number;
  codedFrames: number;
}

function spsFromRecord(r: Uint8Array): Uint8Array | undefined {
  let o = 22;
  const arrays = r[o++]!;
  for (let a = 0; a < arrays; a++) {
    const type = r[o]! & 0x3f;
    const count = (r[o + 1]! << 8) | r[o + 2]!;
    o += 3;
    for (let n = 0; n < count; n++) {
      const len = (r[o]! << 8) | r[o + 1]!;
      if (type === 33) return r.subarray(o + 2, o + 2 + len);
      o += 2 + len;
    }
  }
  return undefined;
}

export async function readHevcFlv(url: string, frames: number, timeoutMs = 15_000): Promise<HevcFlv> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  const res = await fetch(url, { signal: ac.signal });
  const reader = res.body!.getReader();
  let buf = new Uint8Array(0);
  let pos = 13; // FLV header + PreviousTagSize0
  const out: HevcFlv = { width: 0, height: 0, codedFrames: 0 };
  try {
    while (out.codedFrames < frames) {
      const { value, done } = await reader.read();
      if (done) break;
      const next = new Uint8Array(buf.length + value.length);
      next.set(buf);
      next.set(value, buf.length);
      buf = next;
      while (pos + 11 <= buf.length) {
        const size = (buf[pos + 1]! << 16) | (buf[pos + 2]! << 8) | buf[pos + 3]!;
        if (pos + 11 + size + 4 > buf.length) break;
        const data = buf.subarray(pos + 11, pos + 11 + size);
        if (buf[pos] === 9 && data.length > 5 && data[0]! & 0x80 && new TextDecoder().decode(data.subarray(1, 5)) === 'hvc1') {
          const packetType = data[0]! & 0x0f;
          if (packetType === 0) {
            const sps = spsFromRecord(data.subarray(5));
            if (sps) Object.assign(out, { width: parseH265Sps(sps).width, height: parseH265Sps(sps).height });
          } else if (packetType === 1 || packetType === 3) out.codedFrames++;
        }
        pos += 11 + size + 4;
      }
    }
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  return out;
}
