/**
 * Program stream muxer (ISO/IEC 13818-1 §2.5) laid out the way NVRs write it: a pack header before every
 * frame; system header + program stream map before key frames and whenever the set of streams changes; video
 * on stream_id 0xE0, audio on 0xC0; a large frame split into several PES packets with the PTS/DTS on the first
 * only (as Hikvision does). Pure: frames in, bytes out.
 */
import type { AudioCodec, VideoCodec } from '../contracts/media.js';
import { encodeAdtsFrame } from './adts.js';
import { FormatError } from './format-error.js';
import { CLOCK_90KHZ_PER_MS } from './mpeg-timestamp.js';
import { encodePes } from './pes-packet.js';
import { encodePackHeader } from './ps-pack-header.js';
import { encodeProgramStreamMap, StreamType } from './ps-stream-map.js';
import { encodeSystemHeader } from './ps-system-header.js';

/** Largest PES payload written (bytes): below the 16-bit PES_packet_length with room for the header, like NVRs. */
export const MAX_PS_PES_PAYLOAD = 65_000;
export const PS_VIDEO_STREAM_ID = 0xe0;
export const PS_AUDIO_STREAM_ID = 0xc0;
/** program_mux_rate written (units of 50 bytes/s): 0x3fff ≈ 819 kB/s, more than any NVR sub/main stream. */
export const PS_PROGRAM_MUX_RATE = 0x3fff;

const VIDEO_STREAM_TYPE: Record<VideoCodec, number> = { h264: StreamType.H264, h265: StreamType.H265 };
const AUDIO_STREAM_TYPE: Record<AudioCodec, number> = { pcma: StreamType.G711A, pcmu: StreamType.G711U, aac: StreamType.AAC_ADTS };

const toTicks = (ms: number): number => Math.round(ms * CLOCK_90KHZ_PER_MS);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export class PsMuxer {
  private videoCodec: VideoCodec | undefined;
  private audioCodec: AudioCodec | undefined;
  /** The stream set the last PSM described, as `video/audio`. */
  private mapped = '';
  private version = 0;

  /** One video access unit (Annex-B), with its times in ms. */
  muxVideo(codec: VideoCodec, annexbAu: Uint8Array, ptsMs: number, dtsMs: number, key: boolean): Uint8Array {
    this.videoCodec = codec;
    const parts = [encodePackHeader(toTicks(dtsMs), PS_PROGRAM_MUX_RATE)];
    if (key || this.mapped !== this.streamSet()) parts.push(...this.headers());
    const pts = toTicks(ptsMs);
    const dts = toTicks(dtsMs);
    for (let off = 0, first = true; off < annexbAu.length || first; off += MAX_PS_PES_PAYLOAD, first = false) {
      const payload = annexbAu.subarray(off, off + MAX_PS_PES_PAYLOAD);
      parts.push(encodePes(first ? { streamId: PS_VIDEO_STREAM_ID, pts, dts, dataAlignmentIndicator: true, payload } : { streamId: PS_VIDEO_STREAM_ID, payload }));
    }
    return concat(parts);
  }

  /**
   * One audio frame: G.711 samples, or one raw AAC frame (then `config`, its AudioSpecificConfig, is required to
   * build the ADTS header PS carries).
   */
  muxAudio(codec: AudioCodec, data: Uint8Array, ptsMs: number, config?: Uint8Array): Uint8Array {
    let payload = data;
    if (codec === 'aac') {
      if (!config) throw new FormatError('PS audio', 'AAC needs its AudioSpecificConfig to write ADTS');
      payload = encodeAdtsFrame(config, data);
    }
    if (payload.length > MAX_PS_PES_PAYLOAD) {
      throw new FormatError('PS audio', `frame size ${payload.length} exceeds MAX_PS_PES_PAYLOAD ${MAX_PS_PES_PAYLOAD}`);
    }
    this.audioCodec = codec;
    const parts = [encodePackHeader(toTicks(ptsMs), PS_PROGRAM_MUX_RATE)];
    if (this.mapped !== this.streamSet()) parts.push(...this.headers());
    parts.push(encodePes({ streamId: PS_AUDIO_STREAM_ID, pts: toTicks(ptsMs), dataAlignmentIndicator: true, payload }));
    return concat(parts);
  }

  private streamSet(): string {
    return `${this.videoCodec ?? ''}/${this.audioCodec ?? ''}`;
  }

  /** System header and PSM for the streams seen so far. */
  private headers(): Uint8Array[] {
    const set = this.streamSet();
    if (set !== this.mapped) {
      if (this.mapped !== '') this.version = (this.version + 1) & 0x1f;
      this.mapped = set;
    }
    const streams: { streamType: number; elementaryStreamId: number }[] = [];
    const bounds = [];
    if (this.videoCodec) {
      streams.push({ streamType: VIDEO_STREAM_TYPE[this.videoCodec], elementaryStreamId: PS_VIDEO_STREAM_ID });
      bounds.push({ streamId: PS_VIDEO_STREAM_ID, bufferBoundScale: 1, bufferSizeBound: 1024 }); // 1 MiB
    }
    if (this.audioCodec) {
      streams.push({ streamType: AUDIO_STREAM_TYPE[this.audioCodec], elementaryStreamId: PS_AUDIO_STREAM_ID });
      bounds.push({ streamId: PS_AUDIO_STREAM_ID, bufferBoundScale: 0, bufferSizeBound: 64 }); // 8 KiB
    }
    return [
      encodeSystemHeader({ rateBound: PS_PROGRAM_MUX_RATE, audioBound: this.audioCodec ? 1 : 0, videoBound: this.videoCodec ? 1 : 0, streams: bounds }),
      encodeProgramStreamMap({ version: this.version, streams }),
    ];
  }
}
