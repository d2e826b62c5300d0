/**
 * FLV VIDEODATA tag bodies: Adobe FLV spec v10.1 Annex E.4.3.1 (AVC, CodecID 7) and Enhanced RTMP v1
 * (veovera/enhanced-rtmp, ExVideoTagHeader: IsExHeader bit, PacketType, FourCC `hvc1`).
 */
import { ByteReader, FormatError } from '@nvr-pusher/core/media';

/** FrameType (E.4.3.1): 1 key frame, 2 inter frame. */
export const FrameType = { key: 1, inter: 2 } as const;
/** CodecID 7 = AVC (E.4.3.1). */
export const CODEC_ID_AVC = 7;
/** Enhanced RTMP FourCC for H.265. */
export const FOURCC_HVC1 = 'hvc1';
/** The FourCC as the number `onMetaData.videocodecid` carries for Enhanced RTMP. */
export const FOURCC_HVC1_NUMBER = 0x68766331;

/** AVCPacketType (E.4.3.1) and Enhanced RTMP PacketType share 0..2; 3 (CodedFramesX) is Enhanced only. */
export const VideoPacketType = { sequenceStart: 0, codedFrames: 1, sequenceEnd: 2, codedFramesX: 3 } as const;
export type VideoPacketTypeName = keyof typeof VideoPacketType;

export interface VideoTagBody {
  codec: 'avc' | 'hvc1';
  frameType: number;
  packetType: VideoPacketTypeName;
  /** CompositionTime (ms, SI24): pts − dts. Always 0 for sequenceStart/sequenceEnd/codedFramesX. */
  compositionTime: number;
  /** Config record (sequenceStart) or length-prefixed NAL units (coded frames). */
  data: Uint8Array;
}

const STRUCTURE = 'FLV video tag';
const MIN_SI24 = -0x800000;
const MAX_SI24 = 0x7fffff;

function hasCompositionTime(b: Omit<VideoTagBody, 'data'>): boolean {
  return b.codec === 'avc' || b.packetType === 'codedFrames';
}

/** Bytes of the tag header (everything before `data`) for this body. */
export function videoTagHeaderSize(b: Omit<VideoTagBody, 'data'>): number {
  return (b.codec === 'avc' ? 2 : 5) + (hasCompositionTime(b) ? 3 : 0);
}

/**
 * Writes the tag header (everything before `data`) at `out[0..]` and returns its size; `out` may be larger (the
 * muxer puts the first NAL unit's length prefix right after it).
 */
export function writeVideoTagHeader(b: Omit<VideoTagBody, 'data'>, out: Uint8Array): number {
  if (b.codec === 'avc' && b.packetType === 'codedFramesX') throw new FormatError(STRUCTURE, 'CodedFramesX exists only in Enhanced RTMP');
  const ct = hasCompositionTime(b);
  if (ct && (b.compositionTime < MIN_SI24 || b.compositionTime > MAX_SI24 || !Number.isInteger(b.compositionTime))) {
    throw new FormatError(STRUCTURE, `composition time ${b.compositionTime} is not a 24-bit signed integer`);
  }
  let p: number;
  if (b.codec === 'avc') {
    out[0] = ((b.frameType & 0x0f) << 4) | CODEC_ID_AVC; // FrameType(4) CodecID(4)
    out[1] = VideoPacketType[b.packetType]; // AVCPacketType
    p = 2;
  } else {
    out[0] = 0x80 | ((b.frameType & 0x07) << 4) | VideoPacketType[b.packetType]; // IsExHeader(1) FrameType(3) PacketType(4)
    for (let i = 0; i < 4; i++) out[1 + i] = FOURCC_HVC1.charCodeAt(i); // FourCC
    p = 5;
  }
  if (ct) {
    const v = b.compositionTime & 0xffffff; // SI24, two's complement
    out[p] = v >> 16;
    out[p + 1] = (v >> 8) & 0xff;
    out[p + 2] = v & 0xff;
    p += 3;
  }
  return p;
}

export function encodeVideoTag(b: VideoTagBody): Uint8Array {
  const out = new Uint8Array(videoTagHeaderSize(b) + b.data.length);
  out.set(b.data, writeVideoTagHeader(b, out));
  return out;
}

export function decodeVideoTag(buf: Uint8Array): VideoTagBody {
  const r = new ByteReader(buf, STRUCTURE);
  const b0 = r.u8();
  let codec: VideoTagBody['codec'];
  let frameType: number;
  let typeNumber: number;
  if (b0 & 0x80) {
    frameType = (b0 >> 4) & 0x07;
    typeNumber = b0 & 0x0f;
    const fourCc = String.fromCharCode(...r.bytes(4));
    if (fourCc !== FOURCC_HVC1) throw new FormatError(STRUCTURE, `unsupported FourCC '${fourCc}'`, 1);
    codec = 'hvc1';
  } else {
    frameType = b0 >> 4;
    const codecId = b0 & 0x0f;
    if (codecId !== CODEC_ID_AVC) throw new FormatError(STRUCTURE, `unsupported CodecID ${codecId}`, 0);
    codec = 'avc';
    typeNumber = r.u8();
  }
  const packetType = (Object.keys(VideoPacketType) as VideoPacketTypeName[]).find((k) => VideoPacketType[k] === typeNumber);
  if (!packetType || (codec === 'avc' && packetType === 'codedFramesX')) {
    throw new FormatError(STRUCTURE, `unsupported packet type ${typeNumber}`, codec === 'avc' ? 1 : 0);
  }
  const body: VideoTagBody = { codec, frameType, packetType, compositionTime: 0, data: new Uint8Array(0) };
  if (hasCompositionTime(body)) {
    const v = r.u24be();
    body.compositionTime = v & 0x800000 ? v - 0x1000000 : v;
  }
  body.data = r.bytes(r.remaining);
  return body;
}
