/**
 * Frames → the byte stream ffmpeg reads for frame-only sources: the 40-byte IMKH block, then MPEG-PS.
 *
 * Why PS: it is the container ffmpeg already reads for Hikvision raw input, it carries H.264, H.265, G.711 and
 * AAC with timestamps, and with the IMKH block first ffmpeg maps G.711 correctly (format/imkh-header.ts).
 * FLV (ffmpeg 5.1 cannot read H.265 in it) and MPEG-TS (no G.711 mapping in ffmpeg) cannot do all of that.
 *
 * Timestamps: output starts at {@link START_MS} and only ever increases. A `discontinuity()`, a backward step
 * on a track or a forward jump over {@link MAX_FORWARD_JUMP_MS} re-bases the source timeline so that it
 * continues {@link REBASE_GAP_MS} after the last written frame.
 */
import type { MediaFrame, Track } from '@nvr-pusher/core/contracts';
import { adtsFrame, parseAudioSpecificConfig, type AacConfig } from './format/adts.js';
import { buildImkhHeader } from './format/imkh-header.js';
import {
  AUDIO_STREAM_ID, VIDEO_STREAM_ID, packHeader, pesPackets, programStreamMap, type PsStream,
} from './format/ps-writer.js';

export const START_MS = 200;
export const REBASE_GAP_MS = 40;
export const MAX_FORWARD_JUMP_MS = 5000;

export class FrameRemuxer {
  #headerSent = false;
  #streams: PsStream[] = [];
  #psmVersion = 0;
  #psmDirty = true;
  #offset: number | undefined;
  #rebase = false;
  #lastOut = { video: -Infinity, audio: -Infinity };
  #lastWritten = 0;
  #aac: { track: Track; cfg: AacConfig } | undefined;

  /** The source timeline breaks before the next frame. */
  discontinuity(): void {
    this.#rebase = true;
  }

  /** Bytes for one frame (IMKH block and PSM included where needed). */
  mux(frame: MediaFrame): Uint8Array {
    const parts: Uint8Array[] = [];
    const track = frame.track;
    if (!this.#headerSent) {
      this.#headerSent = true;
      parts.push(buildImkhHeader(track.kind === 'video'
        ? { video: track.codec }
        : { video: 'h264', audio: track.codec, sampleRate: track.sampleRate }));
    }
    this.#noteStream(track);
    const dts = this.#outTime(frame);
    const pts = dts + Math.max(0, frame.pts - frame.dts);
    parts.push(packHeader(dts * 90));
    if (this.#psmDirty || (track.kind === 'video' && frame.key)) {
      this.#psmDirty = false;
      parts.push(programStreamMap(this.#streams, this.#psmVersion));
    }
    const payload = track.kind === 'audio' && track.codec === 'aac' ? adtsFrame(this.#aacConfig(track), frame.data) : frame.data;
    const streamId = track.kind === 'video' ? VIDEO_STREAM_ID : AUDIO_STREAM_ID;
    parts.push(...pesPackets(streamId, payload, pts * 90, dts * 90));
    return concat(parts);
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

  #noteStream(track: Track): void {
    const streamId = track.kind === 'video' ? VIDEO_STREAM_ID : AUDIO_STREAM_ID;
    const existing = this.#streams.find((s) => s.streamId === streamId);
    if (existing?.codec === track.codec) return;
    this.#streams = [...this.#streams.filter((s) => s.streamId !== streamId), { streamId, codec: track.codec }];
    if (existing) this.#psmVersion = (this.#psmVersion + 1) & 0x1f;
    this.#psmDirty = true;
  }

  #aacConfig(track: Track & { kind: 'audio' }): AacConfig {
    if (this.#aac?.track !== track) {
      // Without an AudioSpecificConfig assume AAC-LC at the track's rate (mono/stereo from `channels`).
      const cfg = track.config ? parseAudioSpecificConfig(track.config) : {
        objectType: 2, samplingFrequencyIndex: frequencyIndex(track.sampleRate), channelConfiguration: track.channels,
      };
      this.#aac = { track, cfg };
    }
    return this.#aac.cfg;
  }
}

const FREQUENCIES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
function frequencyIndex(rate: number): number {
  const i = FREQUENCIES.indexOf(rate);
  return i < 0 ? 4 : i;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
