/**
 * Frames → the byte stream ffmpeg reads for frame-only sources: a 40-byte IMKH block, then MPEG-PS written by
 * `PsMuxer` (core/media).
 *
 * Why PS: it is the container ffmpeg already reads for Hikvision raw input, it carries H.264, H.265, G.711 and
 * AAC with timestamps, and with the IMKH block first ffmpeg maps G.711 correctly (format/imkh-header.ts).
 * FLV (ffmpeg 5.1 cannot read H.265 in it) and MPEG-TS (ffmpeg maps no G.711 in it) cannot do all of that.
 *
 * Timestamps: output starts at {@link START_MS} and only ever increases. A `discontinuity()`, a backward step
 * on a track or a forward jump over {@link MAX_FORWARD_JUMP_MS} re-bases the source timeline so that it
 * continues {@link REBASE_GAP_MS} after the last written frame.
 */
import type { AudioTrack, MediaFrame } from '@nvr-pusher/core/contracts';
import { AAC_SAMPLE_RATES, PsMuxer } from '@nvr-pusher/core/media';
import { buildImkhHeader } from './format/imkh-header.js';

export const START_MS = 200;
export const REBASE_GAP_MS = 40;
export const MAX_FORWARD_JUMP_MS = 5000;

export class FrameRemuxer {
  readonly #ps = new PsMuxer();
  #headerSent = false;
  #offset: number | undefined;
  #rebase = false;
  #lastOut = { video: -Infinity, audio: -Infinity };
  #lastWritten = 0;

  /** The source timeline breaks before the next frame. */
  discontinuity(): void {
    this.#rebase = true;
  }

  /** Bytes for one frame (IMKH block first; PsMuxer adds system header/PSM where needed). */
  mux(frame: MediaFrame): Uint8Array {
    const track = frame.track;
    const dts = this.#outTime(frame);
    const pts = dts + Math.max(0, frame.pts - frame.dts);
    const ps = track.kind === 'video'
      ? this.#ps.muxVideo(track.codec, frame.data, pts, dts, frame.key)
      : this.#ps.muxAudio(track.codec, frame.data, pts, track.codec === 'aac' ? (track.config ?? defaultAsc(track)) : undefined);
    if (this.#headerSent) return ps;
    this.#headerSent = true;
    const header = buildImkhHeader(track.kind === 'video'
      ? { video: track.codec }
      : { video: 'h264', audio: track.codec, sampleRate: track.sampleRate });
    const out = new Uint8Array(header.length + ps.length);
    out.set(header, 0);
    out.set(ps, header.length);
    return out;
  }

  #outTime(frame: MediaFrame): number {
    const kind = frame.track.kind;
    if (this.#offset === undefined) this.#offset = START_MS - frame.dts;
    let out = frame.dts + this.#offset;
    const backwards = out < this.#lastOut[kind];
    const jump = out - this.#lastWritten > MAX_FORWARD_JUMP_MS;
    if (this.#rebase || backwards || jump) {
      this.#rebase = false;
      this.#offset = this.#lastWritten + REBASE_GAP_MS - frame.dts;
      out = frame.dts + this.#offset;
      this.#lastOut = { video: -Infinity, audio: -Infinity };
    }
    this.#lastOut[kind] = out;
    this.#lastWritten = Math.max(this.#lastWritten, out);
    return out;
  }
}

/** AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) for AAC-LC at the track's rate, when the source gave none. */
function defaultAsc(track: AudioTrack): Uint8Array {
  const index = AAC_SAMPLE_RATES.indexOf(track.sampleRate as (typeof AAC_SAMPLE_RATES)[number]);
  const freq = index < 0 ? 4 : index; // 44100 when unknown
  const objectType = 2; // AAC LC
  return Uint8Array.of((objectType << 3) | (freq >> 1), ((freq & 1) << 7) | ((track.channels & 0x0f) << 3));
}
