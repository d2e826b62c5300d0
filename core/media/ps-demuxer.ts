/**
 * MPEG-2 program stream demuxer (ISO/IEC 13818-1 §2.5: pack headers, system header, program stream map, PES
 * packets; MPEG-1 pack/PES headers tolerated), as NVRs send it. A push framer: bytes split anywhere in,
 * MediaFrames out. Junk (e.g. Hikvision's 40-byte "IMKH" file header) and corrupt packets are skipped by
 * scanning for the next start code; only limits (MAX_ACCESS_UNIT_SIZE) throw.
 */
import type { AudioCodec, ContainerFormat, Demuxer, MediaFrame, VideoCodec } from '../contracts/media.js';
import { FormatError, LimitError } from './format-error.js';
import { ChunkQueue } from './chunk-queue.js';
import { asBuffer } from './annexb-splitter.js';
import { CLOCK_90KHZ_PER_MS, TimestampUnwrapper } from './mpeg-timestamp.js';
import { decodePes, StreamId } from './pes-packet.js';
import { PsAudioStream } from './ps-audio-stream.js';
import { decodePackHeader, packHeaderSize } from './ps-pack-header.js';
import { decodeProgramStreamMap, StreamType } from './ps-stream-map.js';
import { decodeSystemHeader } from './ps-system-header.js';
import { PsVideoStream } from './ps-video-stream.js';

const PACK_START = 0xba;
const SYSTEM_HEADER_START = 0xbb;
const PROGRAM_END = 0xb9;

const VIDEO_TYPES: Record<number, VideoCodec> = { [StreamType.H264]: 'h264', [StreamType.H265]: 'h265' };
const AUDIO_TYPES: Record<number, AudioCodec> = { [StreamType.G711A]: 'pcma', [StreamType.G711U]: 'pcmu', [StreamType.AAC_ADTS]: 'aac' };

const START_CODE = Buffer.of(0, 0, 1);
const isStartCode = (b: Uint8Array, p: number): boolean => b[p] === 0 && b[p + 1] === 0 && b[p + 2] === 1;

export class PsDemuxer implements Demuxer {
  /** Packets are handled as views into the pushed chunks (PES payloads reach the video stream without a copy). */
  private readonly buf = new ChunkQueue();
  private readonly unwrapper = new TimestampUnwrapper();
  /** stream_id → stream_type from the latest PSM. */
  private readonly streamTypes = new Map<number, number>();
  private readonly video = new Map<number, PsVideoStream>();
  private readonly audio = new Map<number, PsAudioStream>();

  push(chunk: Uint8Array): MediaFrame[] {
    this.buf.append(chunk);
    const out: MediaFrame[] = [];
    if (!this.buf.ready) return out;
    while (this.step(out, false));
    return out;
  }

  flush(): MediaFrame[] {
    const out: MediaFrame[] = [];
    while (this.step(out, true));
    this.buf.consume(this.buf.length);
    for (const v of this.video.values()) v.flush(out);
    return out;
  }

  /** Handles the structure at the head of the buffer. Returns false when more bytes are needed. */
  private step(out: MediaFrame[], end: boolean): boolean {
    const b = this.buf.view();
    if (b.length < 4) {
      if (!end) this.buf.want(4);
      return false; // (at the end, fewer than 4 bytes can hold nothing)
    }
    if (!isStartCode(b, 0)) return this.resync(b);
    const id = b[3]!;
    if (id === PACK_START) {
      const size = packHeaderSize(b);
      if (size === undefined || b.length < size) return this.needMore(end, size ?? 5);
      try {
        decodePackHeader(b.subarray(0, size));
      } catch (e) {
        return this.corrupt(e);
      }
      this.buf.consume(size);
      return true;
    }
    if (id === PROGRAM_END) {
      this.buf.consume(4);
      return true;
    }
    if (id < SYSTEM_HEADER_START) {
      this.buf.consume(1); // a start code, but not of the PS layer (e.g. inside junk)
      return true;
    }
    if (b.length < 6) return this.needMore(end, 6);
    const total = 6 + ((b[4]! << 8) | b[5]!);
    // Wait for the start of the next packet too. A length that does not end at a start code (or zero
    // stuffing) while the packet holds a PS start code of its own means the length is damaged and swallowed
    // the next packet: skip this one and resync. Without such an inner start code, what follows is junk to skip.
    if (b.length < total + 3 && !(end && b.length >= total)) return this.needMore(end, total + 3);
    if (b.length >= total + 3 && !(b[total] === 0 && b[total + 1] === 0 && b[total + 2]! <= 1) && hasPsStartCode(b, 6, total)) {
      return this.corrupt(new FormatError('PS packet', `length ${total} does not end at a start code`));
    }
    const packet = b.subarray(0, total);
    this.buf.consume(total); // the view stays valid: queued bytes are never written
    try {
      this.packet(id, packet, out);
    } catch (e) {
      if (!(e instanceof FormatError) || e instanceof LimitError) throw e;
      // A damaged header inside a packet of plausible length: drop just this packet.
    }
    return true;
  }

  private needMore(end: boolean, bytes: number): boolean {
    if (end) this.buf.consume(1); // at end of stream an incomplete structure is junk: skip and resync
    else this.buf.want(bytes);
    return end;
  }

  private corrupt(e: unknown): boolean {
    if (!(e instanceof FormatError)) throw e;
    this.buf.consume(1);
    return true;
  }

  /** Skips to the next 00 00 01 (native search), keeping 2 bytes that may begin one. */
  private resync(b: Uint8Array): boolean {
    const i = asBuffer(b).indexOf(START_CODE, 1);
    if (i > 0) {
      this.buf.consume(i);
      return true;
    }
    this.buf.consume(b.length - 2);
    return false;
  }

  private packet(id: number, packet: Uint8Array, out: MediaFrame[]): void {
    if (id === SYSTEM_HEADER_START) {
      decodeSystemHeader(packet);
      return;
    }
    if (id === StreamId.PROGRAM_STREAM_MAP) {
      const psm = decodeProgramStreamMap(packet);
      for (const s of psm.streams) this.streamTypes.set(s.elementaryStreamId, s.streamType);
      return;
    }
    const isVideo = id >= StreamId.VIDEO_FIRST && id <= StreamId.VIDEO_LAST;
    const isAudio = id >= StreamId.AUDIO_FIRST && id <= StreamId.AUDIO_LAST;
    if (!isVideo && !isAudio) return; // padding, private streams 1/2 (vendor data), directory, ECM/EMM…
    const pes = decodePes(packet);
    const pts = pes.pts === undefined ? undefined : this.unwrapper.unwrap(pes.pts) / CLOCK_90KHZ_PER_MS;
    const dts = pes.dts === undefined ? undefined : this.unwrapper.unwrap(pes.dts) / CLOCK_90KHZ_PER_MS;
    if (isVideo) this.videoStream(id, pes.payload, out)?.pes(pes.payload, pts, dts, out);
    else this.audioStream(id)?.pes(pes.payload, pts, out);
  }

  private videoStream(id: number, payload: Uint8Array, out: MediaFrame[]): PsVideoStream | undefined {
    const type = this.streamTypes.get(id);
    const codec = type === undefined ? guessVideoCodec(payload, this.video.get(id)?.codec) : VIDEO_TYPES[type];
    if (codec === undefined) return undefined;
    let s = this.video.get(id);
    if (s?.codec !== codec) {
      s?.flush(out); // the codec changed (new PSM): the old stream's last AU is complete
      s = new PsVideoStream(codec);
      this.video.set(id, s);
    }
    return s;
  }

  private audioStream(id: number): PsAudioStream | undefined {
    const type = this.streamTypes.get(id);
    const codec = type === undefined ? undefined : AUDIO_TYPES[type];
    if (codec === undefined) return undefined; // no PSM yet, or a codec we do not carry: skip
    let s = this.audio.get(id);
    if (s?.codec !== codec) {
      s = new PsAudioStream(codec);
      this.audio.set(id, s);
    }
    return s;
  }
}

/**
 * True if `b[from, to)` holds 00 00 01 followed by a PS-layer id (0xB9..0xFF). Elementary video data cannot
 * (a NAL header byte ≥ 0x80 has forbidden_zero_bit set); G.711 bytes can, with probability ~2^-25 per byte.
 */
function hasPsStartCode(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i + 3 < to; i++) {
    if (b[i + 2]! > 1) {
      i += 2;
      continue;
    }
    if (b[i] === 0 && b[i + 1] === 0 && b[i + 2] === 1 && b[i + 3]! >= PROGRAM_END) return true;
  }
  return false;
}

/**
 * Before any PSM (or in streams without one) the codec of a video stream is guessed from the first parameter
 * set or AUD in the payload: H.265 VPS/SPS/PPS/AUD headers are 40|42|44|46 01, H.264 ones have type 7, 8 or 9.
 * Keeps `previous` when the payload has none of them.
 */
function guessVideoCodec(payload: Uint8Array, previous: VideoCodec | undefined): VideoCodec | undefined {
  const end = Math.min(payload.length - 4, 256);
  for (let i = 0; i < end; i++) {
    if (!isStartCode(payload, i)) continue;
    const h0 = payload[i + 3]!;
    if ((h0 === 0x40 || h0 === 0x42 || h0 === 0x44 || h0 === 0x46) && payload[i + 4] === 0x01) return 'h265';
    const t = h0 & 0x1f;
    if ((h0 & 0x80) === 0 && (t === 7 || t === 8 || t === 9)) return 'h264';
  }
  return previous;
}

/** MPEG-2 program stream as NVRs send it (Hikvision, Dahua PS mode, GB/T 28181). */
export const psFormat: ContainerFormat = {
  name: 'ps',
  ffmpegFormat: 'mpeg',
  createDemuxer: () => new PsDemuxer(),
};
