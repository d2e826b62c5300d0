/** DHAV extension fields (tag byte, then data): docs/vendor/dahua-sdk.md §7, as read by FFmpeg libavformat/dhav.c. */
import { ByteReader } from '@nvr-pusher/core/media';

/** What the extension fields of one frame say; absent fields stay undefined. */
export interface DhavExtInfo {
  /** Tag 0x81: 2/4/8 H.264, 0x0C H.265, 1 MPEG-4, 3 MJPEG. */
  videoCodec?: number;
  frameRate?: number;
  /** Tag 0x80 (size / 8) or 0x82 (16-bit). */
  width?: number;
  height?: number;
  /** Tag 0x83 / 0x8C: 0x0E A-law, 0x0A/0x16 µ-law, 0x1A AAC, … */
  audioCodec?: number;
  audioChannels?: number;
  /** Hz, from the sample-rate index. */
  sampleRate?: number;
}

/** Sample-rate index → Hz (FFmpeg dhav.c `sample_rates`). */
export const DHAV_SAMPLE_RATES = [8000, 4000, 8000, 11025, 16000, 20000, 22050, 32000, 44100, 48000, 96000, 192000, 64000] as const;

export const DhavVideoCodec = { H264: 2, H264_ALT4: 4, H264_ALT8: 8, H265: 0x0c } as const;
export const DhavAudioCodec = { PCMA: 0x0e, PCMU: 0x0a, PCMU_ALT: 0x16, AAC: 0x1a } as const;

/** Tags whose field is 8 bytes long (tag included) and that carry nothing used here. */
const SKIP8 = new Set([0x88, 0x91, 0x92, 0x93, 0x95, 0x9a, 0x9b, 0xb3]);
/** Tags whose field is 4 bytes long (tag included) and that carry nothing used here. */
const SKIP4 = new Set([0x84, 0x85, 0x8b, 0x94, 0x96, 0xa0, 0xb2, 0xb4]);

/**
 * Decodes the fields. Like FFmpeg, an unknown tag ends the walk (its length is unknown) and keeps what was
 * read so far; a field cut short by the end throws TruncatedError.
 */
export function decodeDhavExtensions(bytes: Uint8Array): DhavExtInfo {
  const r = new ByteReader(bytes, 'DHAV extension');
  const info: DhavExtInfo = {};
  while (r.remaining > 0) {
    const tag = r.u8();
    if (tag === 0x80) {
      r.skip(1);
      info.width = r.u8() * 8;
      info.height = r.u8() * 8;
    } else if (tag === 0x81) {
      r.skip(1);
      info.videoCodec = r.u8();
      info.frameRate = r.u8();
    } else if (tag === 0x82) {
      r.skip(3);
      info.width = r.u16le();
      info.height = r.u16le();
    } else if (tag === 0x83) {
      info.audioChannels = r.u8();
      info.audioCodec = r.u8();
      info.sampleRate = DHAV_SAMPLE_RATES[r.u8()] ?? 8000;
    } else if (tag === 0x8c) {
      r.skip(1);
      info.audioChannels = r.u8();
      info.audioCodec = r.u8();
      info.sampleRate = DHAV_SAMPLE_RATES[r.u8()] ?? 8000;
      r.skip(3);
    } else if (SKIP8.has(tag)) r.skip(7);
    else if (SKIP4.has(tag)) r.skip(3);
    else break;
  }
  return info;
}

/**
 * Encodes the fields the way Dahua devices send them: 0x82 (size) and 0x81 (codec, rate) on key frames, 0x83 on
 * audio frames. Fields left undefined are not written.
 */
export function encodeDhavExtensions(info: DhavExtInfo): Uint8Array {
  const out: number[] = [];
  if (info.width !== undefined && info.height !== undefined) {
    // prettier-ignore
    out.push(0x82, 0, 0, 0, info.width & 0xff, info.width >> 8, info.height & 0xff, info.height >> 8);
  }
  if (info.videoCodec !== undefined) out.push(0x81, 0, info.videoCodec, info.frameRate ?? 0);
  if (info.audioCodec !== undefined) {
    const index = DHAV_SAMPLE_RATES.indexOf((info.sampleRate ?? 8000) as (typeof DHAV_SAMPLE_RATES)[number]);
    out.push(0x83, info.audioChannels ?? 1, info.audioCodec, index < 0 ? 0 : index);
  }
  return Uint8Array.from(out);
}
