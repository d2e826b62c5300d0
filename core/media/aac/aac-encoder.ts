/**
 * AAC-LC encoder for mono speech (NVR audio): 1024-sample long blocks with the sine window, reverse water-filling
 * noise allocation at a target SNR, codebook 11 with escapes, and a rate cap (the noise level is raised 3 dB at a
 * time until the block fits). Pure and synchronous: PCM in, raw_data_block bytes out (what FLV AACPacketType 1 and
 * MP4 carry; wrap with `encodeAdtsFrame` for ADTS).
 *
 * Delay: the first block is coded against 1024 samples of silence, so the decoded output of block k is the input
 * of block k − 1 (one block of priming, like every MDCT codec): callers time block k at the start of block k − 1.
 */
import { AacBitWriter } from './bit-writer.js';
import { longWindowBands, samplingFrequencyIndex } from './bands.js';
import { Mdct } from './mdct.js';
import { Quantiser } from './quantizer.js';
import { writeRawBlock } from './raw-block.js';

export const AAC_FRAME_SAMPLES = 1024;
/** Audio object type 2 = AAC LC (ISO/IEC 14496-3 Table 1.1). */
const AOT_AAC_LC = 2;
/** ISO/IEC 14496-3 §4.5.3.1: at most 6144 bits per channel per raw_data_block. */
const MAX_BLOCK_BITS = 6144;
const MAX_RATE_STEPS = 12;

export interface AacEncoderOptions {
  /** 8000 (G.711) or 16000 Hz. */
  sampleRate: number;
  /** Target signal-to-noise ratio of each block for the noise model, dB (default 14; the model is conservative: measured SNR on speech is ≈ 4 dB higher, see docs/aac-encoder.md). */
  snrDb?: number;
  /** Upper bound of the bit rate, bit/s (default 32000; the encoder is VBR below it). */
  maxBitrate?: number;
}

/** AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) for AAC-LC mono with GASpecificConfig all zero. */
export function aacLcMonoConfig(sampleRate: number): Uint8Array {
  const sfi = samplingFrequencyIndex(sampleRate);
  const channelConfiguration = 1;
  // audioObjectType(5) samplingFrequencyIndex(4) channelConfiguration(4) frameLengthFlag dependsOnCoreCoder extensionFlag
  return Uint8Array.of((AOT_AAC_LC << 3) | (sfi >> 1), ((sfi & 1) << 7) | (channelConfiguration << 3));
}

export class AacEncoder {
  readonly sampleRate: number;
  /** AudioSpecificConfig for the FLV sequence header / MP4 esds. */
  readonly config: Uint8Array;
  private readonly bands: readonly number[];
  private readonly mdct = new Mdct(AAC_FRAME_SAMPLES);
  private readonly quantiser: Quantiser;
  private readonly writer = new AacBitWriter(1024);
  /** Previous block then current block. */
  private readonly window = new Float64Array(2 * AAC_FRAME_SAMPLES);
  private readonly spectrum = new Float64Array(AAC_FRAME_SAMPLES);
  private readonly noiseRatio: number;
  private readonly maxBits: number;
  /** Noise multiplier the previous block needed to fit the rate (1 = the target SNR); the next block starts there. */
  private rateScale = 1;

  constructor(options: AacEncoderOptions) {
    this.sampleRate = options.sampleRate;
    this.bands = longWindowBands(options.sampleRate);
    this.config = aacLcMonoConfig(options.sampleRate);
    this.quantiser = new Quantiser(this.bands);
    const snr = options.snrDb ?? 14;
    if (!(snr > 0 && snr <= 60)) throw new RangeError('snrDb must be in (0, 60]');
    this.noiseRatio = Math.pow(10, -snr / 10);
    const maxBitrate = options.maxBitrate ?? 32000;
    if (!(maxBitrate >= 8000)) throw new RangeError('maxBitrate must be ≥ 8000');
    this.maxBits = Math.min(MAX_BLOCK_BITS, Math.floor((maxBitrate * AAC_FRAME_SAMPLES) / options.sampleRate));
  }

  /** Forgets the overlap (next block starts from silence, as after construction). */
  reset(): void {
    this.window.fill(0);
    this.rateScale = 1;
  }

  /** Encodes the next 1024 samples (16-bit PCM values); returns one raw_data_block. */
  encode(pcm: ArrayLike<number>): Uint8Array {
    if (pcm.length !== AAC_FRAME_SAMPLES) throw new RangeError(`AAC encoder takes ${AAC_FRAME_SAMPLES} samples per block, got ${pcm.length}`);
    const win = this.window;
    win.copyWithin(0, AAC_FRAME_SAMPLES);
    for (let i = 0; i < AAC_FRAME_SAMPLES; i++) win[AAC_FRAME_SAMPLES + i] = pcm[i]!;
    this.mdct.forward(win, this.spectrum);
    const meanPower = this.quantiser.analyse(this.spectrum);
    // Start where the previous block ended (speech is stationary over a few blocks): one pass for most blocks.
    let scale = this.rateScale;
    for (let step = 0; ; step++) {
      const block = this.quantiser.quantise(this.spectrum, meanPower, meanPower * this.noiseRatio * scale);
      this.writer.reset();
      writeRawBlock(this.writer, block, this.bands);
      const bits = this.writer.bitLength;
      if (bits <= this.maxBits || step === MAX_RATE_STEPS) {
        // Well under the cap: the next block tries 3 dB finer (never finer than the target SNR).
        this.rateScale = bits < this.maxBits * 0.8 ? Math.max(1, scale / 2) : scale;
        return this.writer.finish();
      }
      scale *= 2; // +3 dB of noise per step until the block fits the rate
    }
  }
}
