/**
 * RTP → access units for H.264 (RFC 6184: single NAL, STAP-A, FU-A) and H.265 (RFC 7798: single NAL, AP, FU;
 * no DONL, i.e. sprop-max-don-diff = 0 as cameras send). An access unit ends at the marker bit or when the RTP
 * timestamp changes. A lost packet (sequence gap) drops the damaged access unit and every following one until
 * the next key frame, so a decoder never sees references to missing slices.
 */
import { FormatError, isKeyAccessUnit } from '@nvr-pusher/core/media';
import type { VideoCodec } from '@nvr-pusher/core/contracts';
import type { RtpPacket } from './rtp-packet.js';

export interface AccessUnit {
  /** RTP timestamp (90 kHz) of the access unit. */
  readonly timestamp: number;
  /** NAL units without start codes. */
  readonly nals: Uint8Array[];
  readonly key: boolean;
}

/** Largest NAL unit reassembled from fragments (a 4K I-frame slice fits easily). */
export const MAX_NAL_BYTES = 8 * 1024 * 1024;

export class VideoDepacketizer {
  private nals: Uint8Array[] = [];
  private timestamp = -1;
  private fragments: Uint8Array[] = [];
  private fragmentBytes = 0;
  private lastSeq = -1;
  private damaged = false;
  /** True until a key frame arrives after a loss (and at the start). */
  private waitKey = false;
  /** Packets lost so far (sequence gaps). */
  lost = 0;

  constructor(readonly codec: VideoCodec) {}

  push(p: RtpPacket): AccessUnit[] {
    const out: AccessUnit[] = [];
    if (this.lastSeq >= 0) {
      const gap = (p.sequence - this.lastSeq - 1 + 0x10000) & 0xffff;
      if (gap !== 0 && gap < 0x8000) {
        this.lost += gap;
        this.damaged = true;
        this.fragments = [];
        this.fragmentBytes = 0;
      } else if (gap >= 0x8000) return out; // late or duplicate packet
    }
    this.lastSeq = p.sequence;
    if (this.timestamp !== -1 && p.timestamp !== this.timestamp) this.finish(out);
    this.timestamp = p.timestamp;
    if (p.payload.length > 0) {
      if (this.codec === 'h264') this.h264(p.payload);
      else this.h265(p.payload);
    }
    if (p.marker) this.finish(out);
    return out;
  }

  private finish(out: AccessUnit[]): void {
    const nals = this.nals;
    const damaged = this.damaged || this.fragments.length > 0;
    this.nals = [];
    this.fragments = [];
    this.fragmentBytes = 0;
    this.damaged = false;
    const ts = this.timestamp;
    this.timestamp = -1;
    if (nals.length === 0) return;
    const key = isKeyAccessUnit(this.codec, nals);
    if (damaged) {
      this.waitKey = true;
      return;
    }
    if (this.waitKey && !key) return;
    this.waitKey = false;
    out.push({ timestamp: ts, nals, key });
  }

  private fragment(start: boolean, end: boolean, header: Uint8Array, body: Uint8Array): void {
    if (start) {
      this.fragments = [header, body];
      this.fragmentBytes = header.length + body.length;
    } else {
      if (this.fragments.length === 0) {
        this.damaged = true; // middle of a NAL whose start we never saw
        return;
      }
      this.fragments.push(body);
      this.fragmentBytes += body.length;
      if (this.fragmentBytes > MAX_NAL_BYTES) throw new FormatError('RTP video payload', `fragmented NAL unit larger than ${MAX_NAL_BYTES} bytes`);
    }
    if (end) {
      const nal = new Uint8Array(this.fragmentBytes);
      let o = 0;
      for (const f of this.fragments) {
        nal.set(f, o);
        o += f.length;
      }
      this.nals.push(nal);
      this.fragments = [];
      this.fragmentBytes = 0;
    }
  }

  private aggregate(b: Uint8Array, from: number): void {
    let o = from;
    while (o + 2 <= b.length) {
      const size = (b[o]! << 8) | b[o + 1]!;
      o += 2;
      if (size === 0 || o + size > b.length) throw new FormatError('RTP video payload', `aggregation packet unit of ${size} bytes overruns the packet`);
      this.nals.push(b.slice(o, o + size));
      o += size;
    }
  }

  private h264(b: Uint8Array): void {
    const type = b[0]! & 0x1f;
    if (type >= 1 && type <= 23) this.nals.push(b.slice());
    else if (type === 24) this.aggregate(b, 1);
    else if (type === 28) {
      if (b.length < 2) throw new FormatError('RTP video payload', 'FU-A packet without an FU header');
      const fu = b[1]!;
      this.fragment((fu & 0x80) !== 0, (fu & 0x40) !== 0, Uint8Array.of((b[0]! & 0xe0) | (fu & 0x1f)), b.subarray(2));
    } else throw new FormatError('RTP video payload', `H.264 RTP packet type ${type} is not supported (single, STAP-A, FU-A)`);
  }

  private h265(b: Uint8Array): void {
    if (b.length < 2) throw new FormatError('RTP video payload', 'H.265 RTP payload shorter than its header');
    const type = (b[0]! >> 1) & 0x3f;
    if (type < 48) this.nals.push(b.slice());
    else if (type === 48) this.aggregate(b, 2);
    else if (type === 49) {
      if (b.length < 3) throw new FormatError('RTP video payload', 'H.265 FU packet without an FU header');
      const fu = b[2]!;
      const header = Uint8Array.of((b[0]! & 0x81) | ((fu & 0x3f) << 1), b[1]!);
      this.fragment((fu & 0x80) !== 0, (fu & 0x40) !== 0, header, b.subarray(3));
    } else if (type === 50) return; // PACI: not sent by cameras; skipped
    else throw new FormatError('RTP video payload', `H.265 RTP packet type ${type} is not supported (single, AP, FU)`);
  }
}
