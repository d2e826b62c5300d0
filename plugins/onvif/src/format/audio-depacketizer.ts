/**
 * RTP → audio frames: G.711 (RFC 3551, one frame per packet) and AAC in RFC 3640 `mpeg4-generic` (AAC-hbr or
 * AAC-lbr AU headers; several AUs per packet, or one AU fragmented over packets up to the marker bit).
 */
import { FormatError } from '@nvr-pusher/core/media';
import type { RtpPacket } from './rtp-packet.js';

export interface AudioUnit {
  /** RTP timestamp of the unit (clock = the SDP clock rate). */
  readonly timestamp: number;
  readonly data: Uint8Array;
}

export interface AacFmtp {
  readonly sizeLength: number;
  readonly indexLength: number;
  readonly indexDeltaLength: number;
  /** Samples per AU (1024 for AAC-LC). */
  readonly frameLength: number;
}

/** RFC 3640 §4.1 parameters from an SDP fmtp (keys lower case). */
export function aacFmtp(fmtp: ReadonlyMap<string, string>): AacFmtp {
  const n = (k: string, d: number) => {
    const v = fmtp.get(k);
    if (v === undefined) return d;
    const x = Number(v);
    if (!Number.isInteger(x) || x < 0 || x > 32) throw new FormatError('RTP audio payload', `fmtp ${k}=${v} is invalid`);
    return x;
  };
  const sizeLength = n('sizelength', 0);
  if (sizeLength === 0) throw new FormatError('RTP audio payload', 'mpeg4-generic without sizelength (only AU-header modes are supported)');
  return { sizeLength, indexLength: n('indexlength', 0), indexDeltaLength: n('indexdeltalength', 0), frameLength: n('constantduration', 0) || 1024 };
}

export class G711Depacketizer {
  push(p: RtpPacket): AudioUnit[] {
    return p.payload.length ? [{ timestamp: p.timestamp, data: p.payload.slice() }] : [];
  }
}

/** Reads `n` bits big-endian from `b` starting at bit `pos`. */
function bits(b: Uint8Array, pos: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const bit = pos + i;
    v = v * 2 + ((b[bit >> 3]! >> (7 - (bit & 7))) & 1);
  }
  return v;
}

export class AacDepacketizer {
  private fragment?: { timestamp: number; size: number; parts: Uint8Array[]; have: number };

  constructor(private readonly f: AacFmtp) {}

  push(p: RtpPacket): AudioUnit[] {
    const b = p.payload;
    if (b.length < 2) throw new FormatError('RTP audio payload', 'AAC RTP payload without AU-headers-length');
    const headerBits = (b[0]! << 8) | b[1]!;
    const headerBytes = Math.ceil(headerBits / 8);
    if (2 + headerBytes > b.length) throw new FormatError('RTP audio payload', 'AAC AU headers overrun the packet');
    const sizes: number[] = [];
    let pos = 0;
    const hb = b.subarray(2, 2 + headerBytes);
    while (pos + this.f.sizeLength <= headerBits) {
      sizes.push(bits(hb, pos, this.f.sizeLength));
      pos += this.f.sizeLength + (sizes.length === 1 ? this.f.indexLength : this.f.indexDeltaLength);
    }
    let o = 2 + headerBytes;
    const out: AudioUnit[] = [];
    // One AU larger than the packet: a fragment (RFC 3640 §3.2.3), completed by the packet with the marker bit.
    if (sizes.length === 1 && o + sizes[0]! > b.length) {
      const part = b.slice(o);
      if (!this.fragment || this.fragment.timestamp !== p.timestamp) this.fragment = { timestamp: p.timestamp, size: sizes[0]!, parts: [], have: 0 };
      this.fragment.parts.push(part);
      this.fragment.have += part.length;
      if (p.marker) {
        const f = this.fragment;
        this.fragment = undefined;
        if (f.have === f.size) out.push({ timestamp: f.timestamp, data: join(f.parts, f.have) });
      }
      return out;
    }
    this.fragment = undefined;
    sizes.forEach((size, i) => {
      if (o + size > b.length) throw new FormatError('RTP audio payload', `AAC AU ${i} of ${size} bytes overruns the packet`);
      out.push({ timestamp: (p.timestamp + i * this.f.frameLength) >>> 0, data: b.slice(o, o + size) });
      o += size;
    });
    return out;
  }
}

function join(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
