/** RTP (RFC 3550 §5.1) and RTCP sender reports (§6.4.1), as they arrive on interleaved channels. */
import { FormatError } from '@nvr-pusher/core/media';

export interface RtpPacket {
  readonly payloadType: number;
  readonly marker: boolean;
  readonly sequence: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly payload: Uint8Array;
}

export function parseRtp(b: Uint8Array): RtpPacket {
  if (b.length < 12) throw new FormatError('RTP packet', `RTP packet of ${b.length} bytes is shorter than its header`);
  if (b[0]! >> 6 !== 2) throw new FormatError('RTP packet', `RTP version ${b[0]! >> 6} is not 2`);
  const padding = (b[0]! & 0x20) !== 0;
  const extension = (b[0]! & 0x10) !== 0;
  const csrc = b[0]! & 0x0f;
  let off = 12 + csrc * 4;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (extension) {
    if (off + 4 > b.length) throw new FormatError('RTP packet', 'RTP header extension truncated');
    off += 4 + dv.getUint16(off + 2) * 4;
  }
  let end = b.length;
  if (padding) end -= b[b.length - 1]!;
  if (off > end) throw new FormatError('RTP packet', 'RTP header longer than the packet');
  return {
    payloadType: b[1]! & 0x7f,
    marker: (b[1]! & 0x80) !== 0,
    sequence: dv.getUint16(2),
    timestamp: dv.getUint32(4),
    ssrc: dv.getUint32(8),
    payload: b.subarray(off, end),
  };
}

export interface SenderReport {
  readonly ssrc: number;
  /** NTP wall time of the report in ms since 1900 (kept relative: only differences are used). */
  readonly ntpMs: number;
  /** RTP timestamp that corresponds to `ntpMs`. */
  readonly rtpTimestamp: number;
}

/** Sender reports in a compound RTCP packet (other packet types skipped). */
export function parseRtcpSenderReports(b: Uint8Array): SenderReport[] {
  const out: SenderReport[] = [];
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let off = 0;
  while (off + 4 <= b.length) {
    if (b[off]! >> 6 !== 2) throw new FormatError('RTP packet', `RTCP version ${b[off]! >> 6} is not 2`);
    const len = (dv.getUint16(off + 2) + 1) * 4;
    if (off + len > b.length) throw new FormatError('RTP packet', 'RTCP packet longer than its datagram');
    if (b[off + 1] === 200 && len >= 28) {
      const sec = dv.getUint32(off + 8);
      const frac = dv.getUint32(off + 12);
      out.push({ ssrc: dv.getUint32(off + 4), ntpMs: sec * 1000 + (frac / 0x1_0000_0000) * 1000, rtpTimestamp: dv.getUint32(off + 16) });
    }
    off += len;
  }
  return out;
}
