/** The 40-byte "IMKH" media-info block (HIK_MEDIAINFO, LinuxPlayM4.h; vendor notes §7.1), little-endian. */
import { ByteReader, FormatError } from '@nvr-pusher/core/media';

export const IMKH_HEADER_SIZE = 40;
/** FOURCC_HKMI = 0x484B4D49, stored little-endian: the bytes "IMKH". */
export const IMKH_FOURCC = 0x484b4d49;

export interface ImkhHeader {
  readonly mediaVersion: number;
  readonly deviceId: number;
  /** 0 none, 1 HIK private, 2 MPEG2-PS, 3 MPEG2-TS, 4 RTP, 0x401 RTP-HIK. */
  readonly systemFormat: number;
  /** 1 H.264 (Hik), 2 MPEG2, 3 MPEG4, 4 MJPEG, 5 H.265 [belief], 0x0100 standard H.264. */
  readonly videoFormat: number;
  /** 0x7110 G.711 µ-law, 0x7111 G.711 A-law, 0x2001 AAC, ... */
  readonly audioFormat: number;
  readonly audioChannels: number;
  readonly audioBitsPerSample: number;
  readonly audioSampleRate: number;
  readonly audioBitrate: number;
  readonly flag: number;
  readonly streamTag: number;
}

export const SystemFormat = { NONE: 0, HIK: 1, MPEG2_PS: 2, MPEG2_TS: 3, RTP: 4, RTP_HIK: 0x401 } as const;

/** True when `bytes` starts with the IMKH magic. */
export function isImkhHeader(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x49 && bytes[1] === 0x4d && bytes[2] === 0x4b && bytes[3] === 0x48;
}

/** Decodes the first 40 bytes; throws TruncatedError when shorter, FormatError without the magic. */
export function parseImkhHeader(bytes: Uint8Array): ImkhHeader {
  const r = new ByteReader(bytes, 'IMKH header');
  const fourcc = r.u32le();
  if (fourcc !== IMKH_FOURCC) throw new FormatError('IMKH header', `media_fourcc 0x${fourcc.toString(16)} is not "IMKH"`, 0);
  const h: ImkhHeader = {
    mediaVersion: r.u16le(),
    deviceId: r.u16le(),
    systemFormat: r.u16le(),
    videoFormat: r.u16le(),
    audioFormat: r.u16le(),
    audioChannels: r.u8(),
    audioBitsPerSample: r.u8(),
    audioSampleRate: r.u32le(),
    audioBitrate: r.u32le(),
    flag: r.u8(),
    streamTag: r.u8(),
  };
  r.skip(14); // reserved
  return h;
}

/** Encodes a header (reserved bytes zero). */
export function encodeImkhHeader(h: ImkhHeader): Uint8Array {
  const b = Buffer.alloc(IMKH_HEADER_SIZE);
  b.writeUInt32LE(IMKH_FOURCC, 0);
  b.writeUInt16LE(h.mediaVersion, 4);
  b.writeUInt16LE(h.deviceId, 6);
  b.writeUInt16LE(h.systemFormat, 8);
  b.writeUInt16LE(h.videoFormat, 10);
  b.writeUInt16LE(h.audioFormat, 12);
  b.writeUInt8(h.audioChannels, 14);
  b.writeUInt8(h.audioBitsPerSample, 15);
  b.writeUInt32LE(h.audioSampleRate, 16);
  b.writeUInt32LE(h.audioBitrate, 20);
  b.writeUInt8(h.flag, 24);
  b.writeUInt8(h.streamTag, 25);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** The video codec the header names, if it is one the project handles. */
export function imkhVideoCodec(h: ImkhHeader): 'h264' | 'h265' | undefined {
  if (h.videoFormat === 1 || h.videoFormat === 0x0100) return 'h264';
  if (h.videoFormat === 5) return 'h265';
  return undefined;
}

/** The audio codec the header names, if it is one the project handles. */
export function imkhAudioCodec(h: ImkhHeader): 'pcmu' | 'pcma' | 'aac' | undefined {
  return ({ 0x7110: 'pcmu', 0x7111: 'pcma', 0x2001: 'aac' } as const)[h.audioFormat as 0x7110 | 0x7111 | 0x2001];
}
