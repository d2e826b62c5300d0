/**
 * Frames → FLV tag bodies as RTMP messages (Adobe FLV spec v10.1 Annex E; Enhanced RTMP for H.265). Pure and
 * stateful: sequence headers whenever a frame's track object changes, `@setDataFrame` metadata, the timeline.
 */
import type { AudioTrack, MediaFrame, VideoTrack } from '@nvr-pusher/core/contracts';
import { h264NalType, h265NalType, splitAnnexB } from '@nvr-pusher/core/media';
import { AacPacketType, audioHeaderFor, encodeAudioTag } from './format/audio-tag.js';
import { lengthPrefixedParts } from './format/nalu-length-prefix.js';
import type { Payload } from './format/rtmp-chunk-writer.js';
import { ChunkStream, MessageType } from './format/rtmp-message.js';
import { encodeSetDataFrame, type FlvMetadata } from './format/script-tag.js';
import { avcSequenceHeader, hevcSequenceHeader, HEVC_NAL_PPS, HEVC_NAL_SPS, HEVC_NAL_VPS, type SequenceHeader } from './format/sequence-header.js';
import { CODEC_ID_AVC, encodeVideoTag, FOURCC_HVC1_NUMBER, FrameType, videoTagHeaderSize, writeVideoTagHeader } from './format/video-tag.js';
import { Timeline } from './timeline.js';
import { AudioTranscodeStage } from './audio-transcode.js';

/** An RTMP message without its message stream id (the session adds it). */
export interface MuxedMessage {
  csid: number;
  typeId: number;
  timestamp: number;
  /**
   * The tag body. Coded video is a list of parts — the tag header with the first length prefix in one small
   * buffer, then each NAL unit as the view the frame carried, each later length prefix in between — so no video
   * byte is copied before the socket.
   */
  payload: Payload;
  /** Bytes of the payload. */
  length: number;
  /** A video key frame's coded data (what `published` waits for). */
  keyFrame: boolean;
}

export interface FlvMuxerOptions {
  /** `aac` turns G.711 into AAC-LC (AAC passes through), `pass` sends the source codec, `drop` leaves audio out. */
  audio: 'aac' | 'pass' | 'drop';
}

/** Why a frame produced nothing (for counting/logging). */
export type DropReason = 'before-key-frame' | 'audio-dropped' | 'no-parameter-sets' | 'no-aac-config' | 'empty' | 'audio-buffering' | 'audio-unsupported';

/** ITU-T H.264 Table 7-1: SPS 7, PPS 8, AUD 9 (carried in the sequence header / useless in FLV). */
const H264_OUT_OF_BAND = new Set([7, 8, 9]);
/** ITU-T H.265 Table 7-1: VPS 32, SPS 33, PPS 34, AUD 35. */
const H265_OUT_OF_BAND = new Set([HEVC_NAL_VPS, HEVC_NAL_SPS, HEVC_NAL_PPS, 35]);
/** CompositionTime is SI24 (Annex E.4.3.1). */
const MAX_COMPOSITION_TIME = 0x7fffff;

export class FlvMuxer {
  private readonly timeline = new Timeline();
  private videoTrack?: VideoTrack;
  /** What the current video track's SPS says (size when the track has none yet, frame rate from the VUI). */
  private sps?: SequenceHeader;
  private audioTrack?: AudioTrack;
  private started = false;
  /** G.711 → AAC when `audio: 'aac'`. */
  private readonly transcode?: AudioTranscodeStage;
  lastDrop?: DropReason;

  constructor(private readonly options: FlvMuxerOptions) {
    if (options.audio === 'aac') this.transcode = new AudioTranscodeStage();
  }

  discontinuity(): void {
    this.timeline.discontinuity();
    this.transcode?.reset();
  }

  /** True once a video key frame was muxed (frames before it are dropped). */
  get hasStarted(): boolean {
    return this.started;
  }

  /** The messages for one frame, in order; empty when the frame is dropped (`lastDrop` says why). */
  mux(frame: MediaFrame): MuxedMessage[] {
    this.lastDrop = undefined;
    return frame.track.kind === 'video' ? this.muxVideo(frame, frame.track) : this.muxAudio(frame, frame.track);
  }

  private drop(reason: DropReason): MuxedMessage[] {
    this.lastDrop = reason;
    return [];
  }

  private muxVideo(frame: MediaFrame, track: VideoTrack): MuxedMessage[] {
    if (!this.started && !frame.key) return this.drop('before-key-frame');
    const hevc = track.codec === 'h265';
    const nalType = hevc ? h265NalType : h264NalType;
    // Frames from the core's demuxers carry their NAL units; others are split here (native search, views).
    const all = frame.nalus ?? splitAnnexB(frame.data);
    const out: MuxedMessage[] = [];
    if (track !== this.videoTrack) {
      const header = this.videoSequenceHeader(track, all);
      if (!header) return this.drop('no-parameter-sets');
      this.started = true;
      this.videoTrack = track;
      this.sps = header;
      const ts = this.timeline.map('video', frame.dts);
      out.push(this.metadataMessage(ts));
      out.push(videoMessage(ts, encodeVideoTag({ codec: hevc ? 'hvc1' : 'avc', frameType: FrameType.key, packetType: 'sequenceStart', compositionTime: 0, data: header.record }), false));
      return this.appendCoded(out, frame, all, nalType, hevc, ts);
    }
    return this.appendCoded(out, frame, all, nalType, hevc, this.timeline.map('video', frame.dts));
  }

  private appendCoded(out: MuxedMessage[], frame: MediaFrame, all: readonly Uint8Array[], nalType: (n: Uint8Array) => number, hevc: boolean, ts: number): MuxedMessage[] {
    const skip = hevc ? H265_OUT_OF_BAND : H264_OUT_OF_BAND;
    const units = all.filter((u) => !skip.has(nalType(u)));
    if (units.length === 0) {
      if (out.length === 0) return this.drop('empty');
      return out;
    }
    const cts = Math.min(MAX_COMPOSITION_TIME, Math.max(0, Math.round(frame.pts - frame.dts)));
    const frameType = frame.key ? FrameType.key : FrameType.inter;
    // Enhanced RTMP: CodedFramesX saves the 3-byte composition time when it is 0.
    const packetType = hevc && cts === 0 ? 'codedFramesX' : 'codedFrames';
    const tag = { codec: hevc ? 'hvc1' : 'avc', frameType, packetType, compositionTime: cts } as const;
    const { parts, head } = lengthPrefixedParts(units, videoTagHeaderSize(tag));
    writeVideoTagHeader(tag, head);
    let length = 0;
    for (const p of parts) length += p.length;
    out.push({ csid: ChunkStream.video, typeId: MessageType.video, timestamp: ts, payload: parts, length, keyFrame: frame.key });
    return out;
  }

  private videoSequenceHeader(track: VideoTrack, nals: readonly Uint8Array[]): SequenceHeader | undefined {
    const hevc = track.codec === 'h265';
    const nalType = hevc ? h265NalType : h264NalType;
    const find = (t: number): Uint8Array | undefined => nals.find((u) => nalType(u) === t);
    try {
      if (hevc) {
        const vps = track.vps ?? find(HEVC_NAL_VPS);
        const sps = track.sps ?? find(HEVC_NAL_SPS);
        const pps = track.pps ?? find(HEVC_NAL_PPS);
        return vps && sps && pps ? hevcSequenceHeader(vps, sps, pps) : undefined;
      }
      const sps = track.sps ?? find(7);
      const pps = track.pps ?? find(8);
      return sps && pps ? avcSequenceHeader(sps, pps) : undefined;
    } catch {
      return undefined; // an SPS that does not parse: wait for the next key frame
    }
  }

  private muxAudio(frame: MediaFrame, track: AudioTrack): MuxedMessage[] {
    if (this.options.audio === 'drop') return this.drop('audio-dropped');
    if (!this.started) return this.drop('before-key-frame');
    if (this.transcode && track.codec !== 'aac') {
      const frames = this.transcode.map({ ...frame, track });
      if (frames.length === 0) return this.drop(this.transcode.accepts(track) ? 'audio-buffering' : 'audio-unsupported');
      return frames.flatMap((f) => this.muxAudioFrame(f, f.track as AudioTrack));
    }
    return this.muxAudioFrame(frame, track);
  }

  private muxAudioFrame(frame: MediaFrame, track: AudioTrack): MuxedMessage[] {
    const isNewTrack = track !== this.audioTrack;
    if (isNewTrack && track.codec === 'aac' && !track.config) return this.drop('no-aac-config');
    const out: MuxedMessage[] = [];
    const ts = this.timeline.map('audio', frame.dts);
    const header = audioHeaderFor(track.codec);
    if (isNewTrack) {
      this.audioTrack = track;
      // Re-sent so that servers which rebuild metadata for late joiners (nginx-rtmp) announce the audio too.
      out.push(this.metadataMessage(ts));
      if (track.codec === 'aac') out.push(audioMessage(ts, encodeAudioTag({ ...header, aacPacketType: AacPacketType.sequenceHeader, data: track.config! })));
    }
    const aacPacketType = track.codec === 'aac' ? AacPacketType.raw : undefined;
    out.push(audioMessage(ts, encodeAudioTag({ ...header, aacPacketType, data: frame.data })));
    return out;
  }

  private metadataMessage(ts: number): MuxedMessage {
    const v = this.videoTrack;
    const a = this.options.audio === 'drop' ? undefined : this.audioTrack;
    const meta: FlvMetadata = { encoder: 'nvr-pusher native-flv-sink' };
    if (v) {
      const width = v.width || this.sps?.width || 0;
      const height = v.height || this.sps?.height || 0;
      if (width > 0 && height > 0) {
        meta.width = width;
        meta.height = height;
      }
      meta.videocodecid = v.codec === 'h265' ? FOURCC_HVC1_NUMBER : CODEC_ID_AVC;
      const frameRate = v.frameRate ?? this.sps?.frameRate;
      if (frameRate) meta.framerate = frameRate;
    }
    if (a) {
      meta.audiocodecid = audioHeaderFor(a.codec).soundFormat;
      meta.audiosamplerate = a.sampleRate;
      meta.audiosamplesize = 16;
      meta.stereo = a.channels > 1;
    }
    const payload = encodeSetDataFrame(meta);
    return { csid: ChunkStream.data, typeId: MessageType.dataAmf0, timestamp: ts, payload, length: payload.length, keyFrame: false };
  }
}

const videoMessage = (timestamp: number, payload: Uint8Array, keyFrame: boolean): MuxedMessage => ({ csid: ChunkStream.video, typeId: MessageType.video, timestamp, payload, length: payload.length, keyFrame });
const audioMessage = (timestamp: number, payload: Uint8Array): MuxedMessage => ({ csid: ChunkStream.audio, typeId: MessageType.audio, timestamp, payload, length: payload.length, keyFrame: false });

/** A message's payload as one buffer (tests and tools; the session writes the parts). */
export function joinPayload(m: MuxedMessage): Uint8Array {
  if (m.payload instanceof Uint8Array) return m.payload;
  const out = new Uint8Array(m.length);
  let p = 0;
  for (const part of m.payload) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}
