/**
 * `audio: 'aac'` in the muxer: G.711 becomes AAC-LC messages (sequence header with the AudioSpecificConfig, raw
 * blocks), the metadata announces AAC, and the published audio timestamps stay on the video's clock: checked
 * message by message over 10 minutes of a simulator-like stream (25 fps video, 40 ms G.711 frames), with an exact
 * source clock and with an NVR whose audio clock runs 0.1 % fast.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AudioTrack, MediaFrame, VideoTrack } from '@nvr-pusher/core/contracts';
import { joinAnnexB, G711AacTranscoder } from '@nvr-pusher/core/media';
import { FlvMuxer, joinPayload, type MuxedMessage } from '../src/flv-muxer.js';
import { AacPacketType, decodeAudioTag, SoundFormat } from '../src/format/audio-tag.js';
import { decodeOnMetaData } from '../src/format/script-tag.js';
import { MessageType } from '../src/format/rtmp-message.js';
import { FIXTURES } from './support/media.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const SPS = hex('6764001eacb405017fcb80880000030008000003019078b175');
const PPS = hex('68ef3cb0');
const IDR = hex('65888480');
const P = hex('419a0080');
const h264: VideoTrack = { kind: 'video', codec: 'h264', width: 640, height: 360, sps: SPS, pps: PPS, frameRate: 25 };
const alaw: AudioTrack = { kind: 'audio', codec: 'pcma', sampleRate: 8000, channels: 1 };
const TONE = fs.readFileSync(path.join(FIXTURES, 'sine-440hz-8k.alaw'));
const G711_FRAME = 320; // 40 ms, as the simulator sends

/** `minutes` of interleaved video (25 fps, key frame every 50) and G.711 (40 ms frames, audio clock × `audioRate`). */
function* stream(minutes: number, audioRate = 1): Generator<MediaFrame> {
  const frames = minutes * 60 * 25;
  for (let i = 0; i < frames; i++) {
    const t = i * 40;
    yield { track: h264, dts: t, pts: t, key: i % 50 === 0, data: joinAnnexB(i % 50 === 0 ? [SPS, PPS, IDR] : [P]) };
    const off = (i * G711_FRAME) % (TONE.length - G711_FRAME);
    const ta = t * audioRate;
    yield { track: alaw, dts: ta, pts: ta, key: true, data: TONE.subarray(off, off + G711_FRAME) };
  }
}

const isAudio = (m: MuxedMessage) => m.typeId === MessageType.audio;

describe("FlvMuxer audio 'aac'", () => {
  it('G.711 → metadata with audiocodecid 10, AAC sequence header (AudioSpecificConfig 1588), then raw AAC blocks', () => {
    const m = new FlvMuxer({ audio: 'aac' });
    const out: MuxedMessage[] = [];
    for (const f of stream(0.05)) out.push(...m.mux(f));
    const audio = out.filter(isAudio).map((a) => decodeAudioTag(joinPayload(a)));
    expect(audio[0]).toMatchObject({ soundFormat: SoundFormat.aac, aacPacketType: AacPacketType.sequenceHeader, data: hex('1588') });
    expect(audio.slice(1).every((a) => a.soundFormat === SoundFormat.aac && a.aacPacketType === AacPacketType.raw && a.data.length > 0)).toBe(true);
    // 3 s of 8 kHz audio = 23 blocks of 1024 samples.
    expect(audio.length - 1).toBe(Math.floor((0.05 * 60 * 8000) / 1024));
    const meta = out.filter((x) => x.typeId === MessageType.dataAmf0).map((x) => decodeOnMetaData(joinPayload(x)));
    expect(meta.at(-1)).toMatchObject({ audiocodecid: 10, audiosamplerate: 8000 });
  });

  it('a G.711 frame that does not complete a block is buffering, not a drop; AAC sources pass through untouched', () => {
    const m = new FlvMuxer({ audio: 'aac' });
    m.mux({ track: h264, dts: 0, pts: 0, key: true, data: joinAnnexB([SPS, PPS, IDR]) });
    expect(m.mux({ track: alaw, dts: 0, pts: 0, key: true, data: TONE.subarray(0, 320) })).toEqual([]);
    expect(m.lastDrop).toBe('audio-buffering');
    const aac: AudioTrack = { kind: 'audio', codec: 'aac', sampleRate: 8000, channels: 1, config: hex('1588') };
    const raw = hex('21000340');
    const out = m.mux({ track: aac, dts: 40, pts: 40, key: true, data: raw });
    expect(decodeAudioTag(joinPayload(out.at(-1)!))).toMatchObject({ aacPacketType: AacPacketType.raw, data: raw });
    const stereo: AudioTrack = { ...alaw, channels: 2 };
    expect(m.mux({ track: stereo, dts: 80, pts: 80, key: true, data: TONE.subarray(0, 640) })).toEqual([]);
    expect(m.lastDrop).toBe('audio-unsupported');
  });

  for (const [label, rate, bound] of [['exact source clock', 1, 1], ['audio clock 0.1 % fast', 1.001, 40]] as const) {
    it(`10 minutes, ${label}: every AAC block is published within ${bound} ms of its samples' time on the video clock`, () => {
      const m = new FlvMuxer({ audio: 'aac' });
      let blocks = 0;
      let worst = 0;
      let lastVideo = 0;
      let audioStart: number | undefined;
      for (const f of stream(10, rate)) {
        if (f.track.kind === 'audio') audioStart ??= f.dts;
        for (const msg of m.mux(f)) {
          if (msg.typeId === MessageType.video) lastVideo = msg.timestamp;
          if (!isAudio(msg) || decodeAudioTag(joinPayload(msg)).aacPacketType !== AacPacketType.raw) continue;
          // Block k decodes to samples (k − 1)·1024 …; at the source's audio clock, sample s is at audioStart + s/8 · rate.
          const k = blocks++;
          if (k < 2) continue; // the priming block is clamped to the first timestamp (0, then 1 ms)
          const expected = audioStart! + (((k - 1) * 1024) / 8) * rate;
          worst = Math.max(worst, Math.abs(msg.timestamp - expected));
        }
      }
      expect(blocks).toBeGreaterThanOrEqual(Math.floor((600 * 8000) / 1024) - 1);
      expect(lastVideo).toBe(600_000 - 40);
      expect(worst).toBeLessThanOrEqual(bound);
    }, 120_000);
  }

  it('the transcoder gives the same bytes and times whatever the G.711 frame sizes (1, 7, 333, 4096 bytes)', () => {
    const pcm = TONE.subarray(0, 16000);
    const reference = new G711AacTranscoder('pcma').push(pcm, 0);
    for (const size of [1, 7, 333, 4096]) {
      const t = new G711AacTranscoder('pcma');
      const got = [];
      for (let i = 0; i < pcm.length; i += size) got.push(...t.push(pcm.subarray(i, i + size), i / 8));
      expect(got.map((f) => f.dts)).toEqual(reference.map((f) => f.dts));
      expect(got.map((f) => Buffer.from(f.data).toString('hex'))).toEqual(reference.map((f) => Buffer.from(f.data).toString('hex')));
    }
    expect(reference.map((f) => f.dts).slice(0, 3)).toEqual([-128, 0, 128]);
  });
});
