/**
 * DHAV muxer for fixtures (test tool, pure): Annex-B video (+ optional G.711 A-law) → DHAV frames laid out as
 * Dahua devices send them (key frames carry 0x82 size + 0x81 codec/rate, audio frames 0x83). FFmpeg can read
 * DHAV but not write it, hence this tool.
 */
import { joinAnnexB, splitAnnexB } from '@nvr-pusher/core/media';
import { DhavAudioCodec, DhavType, DhavVideoCodec, encodeDhavExtensions, encodeDhavFrame, packDhavDate, type DhavDateParts } from '../../src/format/index.js';

export interface MuxInput {
  codec: 'h264' | 'h265';
  /** Annex-B elementary stream. */
  video: Uint8Array;
  fps: number;
  width: number;
  height: number;
  /** G.711 A-law, 8 kHz mono. */
  audio?: Uint8Array;
  /** First value of the 16-bit ms counter (start near 65535 to exercise the wrap). */
  firstTimestamp?: number;
  date?: DhavDateParts;
  channel?: number;
}

export interface MuxedFrame {
  type: number;
  /** Unwrapped ms since the first frame. */
  time: number;
  /** Annex-B access unit or audio payload. */
  payload: Uint8Array;
  key: boolean;
}

export interface MuxOutput {
  bytes: Uint8Array;
  frames: MuxedFrame[];
}

const isVcl = (codec: 'h264' | 'h265', t: number): boolean => (codec === 'h264' ? t >= 1 && t <= 5 : t <= 31);
const nalType = (codec: 'h264' | 'h265', n: Uint8Array): number => (codec === 'h264' ? n[0]! & 0x1f : (n[0]! >> 1) & 0x3f);
/** first_mb_in_slice == 0 (H.264 §7.3.3: ue(v) '1') / first_slice_segment_in_pic_flag (H.265 §7.3.6.1). */
const firstSlice = (codec: 'h264' | 'h265', n: Uint8Array): boolean => (codec === 'h264' ? (n[1]! & 0x80) !== 0 : (n[2]! & 0x80) !== 0);
const isKey = (codec: 'h264' | 'h265', t: number): boolean => (codec === 'h264' ? t === 5 : t >= 16 && t <= 23);

/** Splits an Annex-B stream into access units (arrays of NAL units). */
export function accessUnits(codec: 'h264' | 'h265', stream: Uint8Array): Uint8Array[][] {
  const aus: Uint8Array[][] = [];
  let cur: Uint8Array[] = [];
  let hasVcl = false;
  for (const nal of splitAnnexB(stream)) {
    if (nal.length < 3) continue;
    const t = nalType(codec, nal);
    const vcl = isVcl(codec, t);
    if (hasVcl && (!vcl || firstSlice(codec, nal))) {
      aus.push(cur);
      cur = [];
      hasVcl = false;
    }
    cur.push(nal);
    if (vcl) hasVcl = true;
  }
  if (cur.length) aus.push(cur);
  return aus;
}

export function muxDhav(input: MuxInput): MuxOutput {
  const frames: MuxedFrame[] = [];
  const chunks: Uint8Array[] = [];
  const first = input.firstTimestamp ?? 0;
  const baseDate = input.date ?? { year: 2024, month: 5, day: 6, hour: 10, minute: 0, second: 0 };
  const baseSec = Date.UTC(baseDate.year, baseDate.month - 1, baseDate.day, baseDate.hour, baseDate.minute, baseDate.second) / 1000;
  const frameMs = 1000 / input.fps;
  const samplesPerFrame = Math.round(8000 / input.fps);
  let frameNumber = 0;
  let audioPos = 0;
  const emit = (type: number, time: number, ext: Uint8Array, payload: Uint8Array, key: boolean): void => {
    const d = new Date((baseSec + Math.floor(time / 1000)) * 1000);
    const date = packDhavDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() });
    chunks.push(encodeDhavFrame({ type, subtype: 0, channel: input.channel ?? 0, subNumber: 0, frameNumber: frameNumber++, date, timestamp: (first + time) & 0xffff, extensions: ext, payload }));
    frames.push({ type, time, payload, key });
  };
  accessUnits(input.codec, input.video).forEach((au, i) => {
    const time = Math.round(i * frameMs);
    const key = au.some((n) => isKey(input.codec, nalType(input.codec, n)));
    const ext = key
      ? encodeDhavExtensions({ width: input.width, height: input.height, videoCodec: input.codec === 'h264' ? DhavVideoCodec.H264 : DhavVideoCodec.H265, frameRate: input.fps })
      : new Uint8Array(0);
    emit(key ? DhavType.VIDEO_KEY : DhavType.VIDEO, time, ext, joinAnnexB(au), key);
    if (input.audio && audioPos + samplesPerFrame <= input.audio.length) {
      const ext = encodeDhavExtensions({ audioCodec: DhavAudioCodec.PCMA, audioChannels: 1, sampleRate: 8000 });
      emit(DhavType.AUDIO, time, ext, input.audio.slice(audioPos, audioPos + samplesPerFrame), true);
      audioPos += samplesPerFrame;
    }
  });
  let size = 0;
  for (const c of chunks) size += c.length;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, frames };
}
