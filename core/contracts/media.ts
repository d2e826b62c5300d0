/**
 * The media model that flows from a source to a sink.
 *
 * A source delivers either **raw container bytes** (`MediaOutput.writeRaw`, with the name of a registered
 * {@link ContainerFormat}, e.g. `hik-ps`, `dhav`) or **frames** (`MediaOutput.writeFrame`). The core turns raw
 * bytes into frames with the format's demuxer for sinks that want frames, and hands raw bytes through
 * unchanged to sinks that accept that format (ffmpeg reads many containers itself).
 *
 * Timestamps are milliseconds on the source's own timeline. They may jump (seek, reconnect, NVR clock change):
 * a source marks such a break with `discontinuity` and the sink keeps the published timeline increasing.
 */

export type VideoCodec = 'h264' | 'h265';
export type AudioCodec = 'pcma' | 'pcmu' | 'aac';

/** A video elementary stream. A new object is made whenever a parameter set changes. */
export interface VideoTrack {
  readonly kind: 'video';
  readonly codec: VideoCodec;
  /** Coded size from the SPS; 0 when not yet known. */
  readonly width: number;
  readonly height: number;
  /** NAL units without start codes. `vps` only for H.265. */
  readonly vps?: Uint8Array;
  readonly sps?: Uint8Array;
  readonly pps?: Uint8Array;
  /** Nominal frame rate if the container says it. */
  readonly frameRate?: number;
}

/** An audio elementary stream. */
export interface AudioTrack {
  readonly kind: 'audio';
  readonly codec: AudioCodec;
  readonly sampleRate: number;
  readonly channels: number;
  /** AAC AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), when the codec is AAC. */
  readonly config?: Uint8Array;
}

export type Track = VideoTrack | AudioTrack;

/**
 * One access unit (video) or audio frame.
 * - video `data` is Annex-B (start-code prefixed NAL units), parameter sets included in key frames as sent;
 * - audio `data` is the raw codec payload (G.711 samples, or one raw AAC frame without ADTS header).
 * `data` and `nalus` belong to the receiver once handed over: the producer never writes to them again.
 *
 * Video frames made by the core's demuxers (and `annexBFrame` in core/media) carry `nalus`, views into the bytes
 * the source delivered; their `data` is joined from them on first read only. A sink that can use the NAL units
 * (the native FLV sink) reads `nalus` and `byteLength` and never touches `data`, so nothing on its path copies
 * or scans the video. A source writing its own frames may omit `nalus`; sinks then split `data`.
 */
export interface MediaFrame {
  readonly track: Track;
  /** Decode time, ms. */
  readonly dts: number;
  /** Presentation time, ms (>= dts; differs with B-frames). */
  readonly pts: number;
  /** True for an IDR/IRAP video frame (always true for audio). */
  readonly key: boolean;
  readonly data: Uint8Array;
  /** Video only: the access unit's NAL units without start codes, in order (views; see above). */
  readonly nalus?: readonly Uint8Array[];
  /** Size of the coded data in bytes (`data.length`), known without joining `nalus`. */
  readonly byteLength?: number;
}

/** What a demuxer yields: frames, each pointing at its (possibly new) track. */
export interface Demuxer {
  /**
   * Feeds the next chunk of the container, split anywhere. Returns the frames completed by it, in order.
   * Throws `FormatError` (core/media) only for data that can never be valid; recoverable junk is skipped.
   */
  push(chunk: Uint8Array): MediaFrame[];
  /** Returns what is still buffered as complete frames (end of stream). */
  flush(): MediaFrame[];
}

/**
 * A container format a source may deliver, registered by the plugin that owns it (`definePlugin({ formats })`)
 * or built into core (`ps`).
 */
export interface ContainerFormat {
  /** Name used in `MediaOutput.writeRaw` (e.g. `ps`, `hik-ps`, `dhav`, `h264`). */
  readonly name: string;
  /** ffmpeg's `-f` input format for these bytes, if ffmpeg can read them. */
  readonly ffmpegFormat?: string;
  createDemuxer(): Demuxer;
}
