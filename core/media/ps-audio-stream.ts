/** One audio elementary stream of a program stream: G.711 (A-law/µ-law, 8 kHz mono) or AAC in ADTS. */
import type { AudioCodec, AudioTrack, MediaFrame } from '../contracts/media.js';
import { decodeAdtsFrame } from './adts.js';
import { FormatError, TruncatedError } from './format-error.js';

/** G.711 as NVRs send it: ITU-T G.711, 8000 samples/s, one byte per sample, mono. */
export const G711_SAMPLE_RATE = 8000;

export class PsAudioStream {
  private track: AudioTrack | undefined;
  /** Next expected PTS (ms) for a PES without one. */
  private nextPts: number | undefined;
  /** ADTS bytes of a frame split across PES packets. */
  private adtsCarry: Uint8Array = new Uint8Array(0);

  constructor(readonly codec: AudioCodec) {
    if (codec !== 'aac') this.track = { kind: 'audio', codec, sampleRate: G711_SAMPLE_RATE, channels: 1 };
  }

  pes(payload: Uint8Array, pts: number | undefined, out: MediaFrame[]): void {
    if (this.codec === 'aac') return this.aac(payload, pts, out);
    if (pts !== undefined) this.nextPts = pts;
    if (this.nextPts === undefined || payload.length === 0) return;
    const t = Math.round(this.nextPts);
    out.push({ track: this.track!, dts: t, pts: t, key: true, data: payload.slice() });
    this.nextPts += (payload.length * 1000) / G711_SAMPLE_RATE;
  }

  private aac(payload: Uint8Array, pts: number | undefined, out: MediaFrame[]): void {
    // The PES's PTS belongs to the first ADTS frame that starts in it, not to one carried over from before.
    const carried = this.adtsCarry.length;
    let newPts = pts;
    let buf = payload;
    if (this.adtsCarry.length) {
      buf = new Uint8Array(this.adtsCarry.length + payload.length);
      buf.set(this.adtsCarry);
      buf.set(payload, this.adtsCarry.length);
    }
    let p = 0;
    while (p < buf.length) {
      let frame;
      try {
        frame = decodeAdtsFrame(buf.subarray(p));
      } catch (e) {
        if (e instanceof TruncatedError) break; // the rest comes in the next PES
        if (e instanceof FormatError) {
          p++; // lost sync: look for the next syncword
          continue;
        }
        throw e;
      }
      if (newPts !== undefined && p >= carried) {
        this.nextPts = newPts;
        newPts = undefined;
      }
      p += frame.size;
      if (!this.track || !sameBytes(this.track.config, frame.config)) {
        this.track = { kind: 'audio', codec: 'aac', sampleRate: frame.sampleRate, channels: frame.channels, config: frame.config };
      }
      if (this.nextPts === undefined) continue;
      const t = Math.round(this.nextPts);
      out.push({ track: this.track, dts: t, pts: t, key: true, data: frame.raw.slice() });
      this.nextPts += (frame.samples * 1000) / frame.sampleRate;
    }
    if (newPts !== undefined) this.nextPts = newPts;
    // An ADTS frame is at most 8191 bytes, so the carry stays small.
    this.adtsCarry = buf.slice(p, Math.max(p, Math.min(buf.length, p + 0x1fff)));
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}
