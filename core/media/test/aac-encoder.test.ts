/**
 * The AAC-LC encoder, piece by piece (G.711 expansion, MDCT, Huffman tables, AudioSpecificConfig) and end to end:
 * real ffmpeg decodes its ADTS output without an error message, and the decoded audio is compared with the
 * G.711-decoded input sample by sample (SNR, after the one-block priming delay).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeAdtsFrame } from '../adts.js';
import { AAC_FRAME_SAMPLES, AacEncoder, aacLcMonoConfig } from '../aac/aac-encoder.js';
import { g711ToPcm } from '../aac/g711.js';
import { CB11_CODES_PACKED, CODE_BITS_SHIFT, CODE_MASK, SCALEFACTOR_CODES } from '../aac/huffman-tables.js';
import { Mdct } from '../aac/mdct.js';

const run = promisify(execFile);
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/media');
const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';

/** Encodes PCM (padded with one block of silence to flush the overlap) into an ADTS byte stream. */
function encodeToAdts(pcm: Int16Array, enc = new AacEncoder({ sampleRate: 8000 })): { adts: Buffer; bytes: number } {
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for (let i = 0; i < pcm.length + AAC_FRAME_SAMPLES; i += AAC_FRAME_SAMPLES) {
    const block = new Int16Array(AAC_FRAME_SAMPLES);
    block.set(pcm.subarray(i, Math.min(pcm.length, i + AAC_FRAME_SAMPLES)));
    const raw = enc.encode(block);
    bytes += raw.length;
    parts.push(encodeAdtsFrame(enc.config, raw));
  }
  return { adts: Buffer.concat(parts), bytes };
}

/** ffmpeg decodes the ADTS stream to 16-bit PCM; stderr must stay empty at `-v error`. */
async function ffmpegDecode(adts: Buffer): Promise<Int16Array> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aac-enc-'));
  try {
    const file = path.join(dir, 'in.aac');
    fs.writeFileSync(file, adts);
    const { stdout, stderr } = await run(FFMPEG, ['-v', 'error', '-f', 'aac', '-i', file, '-f', 's16le', '-ac', '1', '-ar', '8000', '-'], { encoding: 'buffer', maxBuffer: 64 << 20 });
    expect(stderr.toString()).toBe('');
    return new Int16Array(stdout.buffer, stdout.byteOffset, stdout.length / 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** SNR (dB) of `decoded` against `reference`, decoded delayed by `delay` samples (default one block: the priming). */
function snrDb(reference: Int16Array, decoded: Int16Array, delay = AAC_FRAME_SAMPLES): number {
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i]!;
    const d = decoded[i + delay] ?? 0;
    signal += r * r;
    noise += (r - d) * (r - d);
  }
  return 10 * Math.log10(signal / noise);
}

describe('G.711 expansion', () => {
  it('gives the G.711 reference values (both laws, sign, smallest and largest magnitudes)', () => {
    expect([...g711ToPcm('pcma', Uint8Array.of(0xd5, 0x55, 0xaa, 0x2a, 0x80))]).toEqual([8, -8, 32256, -32256, 5504]);
    expect([...g711ToPcm('pcmu', Uint8Array.of(0xff, 0x7f, 0x80, 0x00, 0xfe))]).toEqual([0, 0, 32124, -32124, 8]);
  });
});

describe('MDCT', () => {
  it('matches the spec formula X[k] = 2·Σ w[n]x[n]·cos(2π/N(n + n0)(k + ½)) computed directly', () => {
    const n = 64;
    const m = new Mdct(n);
    const x = Float64Array.from({ length: 2 * n }, (_, i) => Math.sin(i * 0.37) * 1000 + ((i * 7919) % 13) * 50);
    const out = new Float64Array(n);
    m.forward(x, out);
    const n0 = (n + 1) / 2;
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let j = 0; j < 2 * n; j++) s += x[j]! * Math.sin((Math.PI / (2 * n)) * (j + 0.5)) * Math.cos(((2 * Math.PI) / (2 * n)) * (j + n0) * (k + 0.5));
      expect(out[k]).toBeCloseTo(2 * s, 6);
    }
  });
});

describe('Huffman tables', () => {
  for (const [name, table, size] of [['scalefactor', SCALEFACTOR_CODES, 121], ['spectrum 11', CB11_CODES_PACKED, 289]] as const) {
    it(`${name}: ${size} codes forming a complete prefix code (Kraft sum exactly 1, no code a prefix of another)`, () => {
      expect(table.length).toBe(size);
      const words = [...table].map((v) => (v & CODE_MASK).toString(2).padStart(v >>> CODE_BITS_SHIFT, '0'));
      expect(words.reduce((k, w) => k + 2 ** -w.length, 0)).toBe(1);
      const sorted = [...words].sort();
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.startsWith(sorted[i - 1]!)).toBe(false);
    });
  }
  it('the scalefactor delta 0 is the 1-bit code 0 and codebook 11 pair (0,0) the 4-bit code 0000', () => {
    expect(SCALEFACTOR_CODES[60]).toBe(1 << CODE_BITS_SHIFT);
    expect(CB11_CODES_PACKED[0]).toBe(4 << CODE_BITS_SHIFT);
  });
});

describe('AudioSpecificConfig', () => {
  it('AAC-LC mono: 8 kHz is 15 88, 16 kHz is 14 08; other rates are refused', () => {
    expect(Buffer.from(aacLcMonoConfig(8000)).toString('hex')).toBe('1588');
    expect(Buffer.from(aacLcMonoConfig(16000)).toString('hex')).toBe('1408');
    expect(() => new AacEncoder({ sampleRate: 44100 })).toThrow(/44100 Hz is not supported/);
  });
  it('refuses a block of the wrong size', () => {
    expect(() => new AacEncoder({ sampleRate: 8000 }).encode(new Int16Array(1000))).toThrow(/1024 samples/);
  });
});

describe('quality, decoded by ffmpeg', () => {
  // Measured (ffmpeg 5.1 decoder): tone 34.9 dB at 2.5 kb/s, speech 16.9 dB at 24.4 kb/s (docs/aac-encoder.md).
  it('tone fixture (440 Hz, G.711 A-law): decodes without error, SNR ≥ 15 dB', async () => {
    const pcm = g711ToPcm('pcma', fs.readFileSync(path.join(FIXTURES, 'sine-440hz-8k.alaw')));
    const { adts, bytes } = encodeToAdts(pcm);
    const decoded = await ffmpegDecode(adts);
    expect(decoded.length).toBeGreaterThanOrEqual(pcm.length + AAC_FRAME_SAMPLES);
    const snr = snrDb(pcm, decoded);
    console.log(`AAC tone: SNR ${snr.toFixed(1)} dB at ${((bytes * 8) / (pcm.length / 8000) / 1000).toFixed(1)} kb/s`);
    expect(snr).toBeGreaterThanOrEqual(15);
    // One block late is the alignment: without the priming delay the same audio scores far lower.
    expect(snr).toBeGreaterThan(snrDb(pcm, decoded, 0) + 20);
  });

  it('speech fixture (espeak-ng, G.711 A-law): decodes without error, SNR ≥ 15 dB at ≤ 32 kb/s', async () => {
    const pcm = g711ToPcm('pcma', fs.readFileSync(path.join(FIXTURES, 'speech-8k.alaw')));
    const { adts, bytes } = encodeToAdts(pcm);
    const decoded = await ffmpegDecode(adts);
    const snr = snrDb(pcm, decoded);
    const kbps = (bytes * 8) / (pcm.length / 8000) / 1000;
    console.log(`AAC speech: SNR ${snr.toFixed(1)} dB at ${kbps.toFixed(1)} kb/s`);
    expect(snr).toBeGreaterThanOrEqual(15);
    expect(kbps).toBeLessThanOrEqual(32);
  });

  it('µ-law input and silence: silent blocks are a few bytes and decode to silence', async () => {
    const silence = new Int16Array(8000);
    const { adts, bytes } = encodeToAdts(silence);
    expect(bytes / 9).toBeLessThan(10);
    const decoded = await ffmpegDecode(adts);
    expect(decoded.every((s) => s === 0)).toBe(true);
    const mu = g711ToPcm('pcmu', fs.readFileSync(path.join(FIXTURES, 'sine-440hz-8k.mulaw')));
    const snr = snrDb(mu, await ffmpegDecode(encodeToAdts(mu).adts));
    console.log(`AAC tone (µ-law): SNR ${snr.toFixed(1)} dB`);
    expect(snr).toBeGreaterThanOrEqual(15);
  });

  it('a full-scale square wave (escape codes, the rate cap) still decodes without error', async () => {
    const pcm = Int16Array.from({ length: 16000 }, (_, i) => ((i >> 4) & 1 ? 32767 : -32768));
    const { adts } = encodeToAdts(pcm, new AacEncoder({ sampleRate: 8000, maxBitrate: 16000 }));
    const decoded = await ffmpegDecode(adts);
    expect(decoded.length).toBeGreaterThanOrEqual(pcm.length);
  });
});
