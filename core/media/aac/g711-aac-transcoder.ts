/**
 * G.711 frames (any size, with source timestamps) → AAC-LC raw blocks with timestamps. Pure: no clock.
 *
 * Timestamps come from the sample count, not from each frame: block k carries the time of its first decoded
 * sample, anchor + (k − 1)·1024/rate (one block of encoder priming, see AacEncoder). The anchor is the source time
 * of sample 0; when a frame's source time departs from the sample clock by more than `resyncMs` (lost audio, an
 * NVR whose audio clock runs fast or slow, a seek), the anchor moves to the frame's time, so audio never drifts
 * from video by more than `resyncMs` whatever the source clock does. A jump beyond `resetMs` (a discontinuity)
 * also drops the pending samples and the overlap, so the old and new audio are not blended.
 */
import { AacEncoder, AAC_FRAME_SAMPLES } from './aac-encoder.js';
import { decodeG711, type G711Law } from './g711.js';

export interface TimedAacFrame {
  /** raw_data_block bytes. */
  data: Uint8Array;
  /** Time of the block's first decoded sample, ms (same clock as the input; may precede the first input). */
  dts: number;
}

export interface G711AacOptions {
  sampleRate?: number;
  snrDb?: number;
  maxBitrate?: number;
  /** Allowed difference between a frame's source time and the sample clock before re-anchoring, ms (default 20: half a 25 fps frame). */
  resyncMs?: number;
  /** A difference beyond this restarts the encoder (default 1000 ms). */
  resetMs?: number;
}

export class G711AacTranscoder {
  private readonly encoder: AacEncoder;
  private readonly pending = new Int16Array(AAC_FRAME_SAMPLES);
  private pendingCount = 0;
  /** Source time (ms) of input sample 0 on the current anchor. */
  private anchor?: number;
  /** Samples taken in since the anchor's sample 0. */
  private samplesIn = 0;
  /** Blocks encoded since the anchor's sample 0 (block k starts at sample (k − 1)·1024). */
  private blocksOut = 0;
  private readonly msPerSample: number;
  private readonly resyncMs: number;
  private readonly resetMs: number;
  /** Re-anchors so far (for stats). */
  resyncs = 0;

  constructor(private readonly law: G711Law, options: G711AacOptions = {}) {
    const sampleRate = options.sampleRate ?? 8000;
    this.encoder = new AacEncoder({ sampleRate, snrDb: options.snrDb, maxBitrate: options.maxBitrate });
    this.msPerSample = 1000 / sampleRate;
    this.resyncMs = options.resyncMs ?? 20;
    this.resetMs = options.resetMs ?? 1000;
  }

  /** AudioSpecificConfig of the output. */
  get config(): Uint8Array {
    return this.encoder.config;
  }

  get sampleRate(): number {
    return this.encoder.sampleRate;
  }

  /** Forgets everything: the next frame starts a new anchor and the encoder starts from silence. */
  reset(): void {
    this.anchor = undefined;
    this.pendingCount = 0;
    this.encoder.reset();
  }

  /** Takes one G.711 frame whose first sample is at `dts` (ms); returns the AAC blocks completed by it. */
  push(data: Uint8Array, dts: number): TimedAacFrame[] {
    if (this.anchor !== undefined) {
      const expected = this.anchor + this.samplesIn * this.msPerSample;
      const off = dts - expected;
      if (Math.abs(off) > this.resetMs) this.reset();
      else if (Math.abs(off) > this.resyncMs) {
        this.anchor += off;
        this.resyncs++;
      }
    }
    if (this.anchor === undefined) {
      this.anchor = dts;
      this.samplesIn = 0;
      this.blocksOut = 0;
    }
    const out: TimedAacFrame[] = [];
    let i = 0;
    while (i < data.length) {
      const n = decodeG711(this.law, data.subarray(i), this.pending, this.pendingCount);
      i += n;
      this.pendingCount += n;
      this.samplesIn += n;
      if (this.pendingCount === AAC_FRAME_SAMPLES) {
        const ts = this.anchor + (this.blocksOut - 1) * AAC_FRAME_SAMPLES * this.msPerSample;
        out.push({ data: this.encoder.encode(this.pending), dts: ts });
        this.blocksOut++;
        this.pendingCount = 0;
      }
    }
    return out;
  }
}
