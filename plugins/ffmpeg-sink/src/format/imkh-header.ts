/**
 * A 40-byte Hikvision media-info block ("IMKH", `HIK_MEDIAINFO` in the Play library's LinuxPlayM4.h), written
 * in front of PS that this plugin muxes itself or that a PS source sends without one.
 *
 * Why: ffmpeg's `mpeg` demuxer (libavformat/mpeg.c, `mpegps_read_header`) looks at the first bytes of the
 * input and only when they read "IMKH" maps PSM stream types 0x90/0x91 to pcm_alaw/pcm_mulaw; without it the
 * G.711 stream is misread as MP2 and the AAC transcode fails (verified with FFmpeg 5.1, docs/vendor/
 * hikvision-sdk.md §7.1). ffmpeg skips the rest of the block while it searches for the first pack start code.
 */
import type { AudioCodec } from '@nvr-pusher/core/contracts';

export const IMKH_HEADER_SIZE = 40;

// HIK_MEDIAINFO field values (docs/vendor/hikvision-sdk.md §7.1).
const SYSTEM_FORMAT_MPEG2_PS = 0x0002;
const VIDEO_FORMAT_H264 = 0x0100;
const VIDEO_FORMAT_H265 = 0x0005;
const AUDIO_FORMAT: Readonly<Record<AudioCodec, number>> = { pcmu: 0x7110, pcma: 0x7111, aac: 0x2001 };

export interface ImkhInfo {
  readonly video: 'h264' | 'h265';
  readonly audio?: AudioCodec;
  readonly sampleRate?: number;
}

/** True when `data` starts with the "IMKH" magic. */
export function startsWithImkh(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x49 && data[1] === 0x4d && data[2] === 0x4b && data[3] === 0x48;
}

/** Builds the block (little-endian fields, as the SDK hands it over). */
export function buildImkhHeader(info: ImkhInfo): Uint8Array {
  const out = new Uint8Array(IMKH_HEADER_SIZE);
  const v = new DataView(out.buffer);
  out.set([0x49, 0x4d, 0x4b, 0x48], 0); // media_fourcc "IMKH"
  v.setUint16(4, 0x0101, true); // media_version
  v.setUint16(6, 0, true); // device_id
  v.setUint16(8, SYSTEM_FORMAT_MPEG2_PS, true); // system_format
  v.setUint16(10, info.video === 'h265' ? VIDEO_FORMAT_H265 : VIDEO_FORMAT_H264, true); // video_format
  if (info.audio) {
    v.setUint16(12, AUDIO_FORMAT[info.audio], true); // audio_format
    out[14] = 1; // audio_channels
    out[15] = info.audio === 'aac' ? 16 : 8; // audio_bits_per_sample
    v.setUint32(16, info.sampleRate ?? 8000, true); // audio_samplesrate
    v.setUint32(20, info.audio === 'aac' ? 0 : (info.sampleRate ?? 8000) * 8, true); // audio_bitrate
  }
  // 24 flag, 25 stream_tag, 26..39 reserved: zero.
  return out;
}
