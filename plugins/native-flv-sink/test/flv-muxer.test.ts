import { describe, expect, it } from 'vitest';
import type { AudioTrack, MediaFrame, VideoTrack } from '@nvr-pusher/core/contracts';
import { annexBFrame, joinAnnexB, splitAnnexB } from '@nvr-pusher/core/media';
import { FlvMuxer, joinPayload } from '../src/flv-muxer.js';
import { decodeVideoTag } from '../src/format/video-tag.js';
import { decodeAudioTag } from '../src/format/audio-tag.js';
import { decodeOnMetaData } from '../src/format/script-tag.js';
import { decodeLengthPrefixed } from '../src/format/nalu-length-prefix.js';
import { decodeHevcConfig } from '../src/format/hevc-config.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const SPS = hex('6764001eacb405017fcb80880000030008000003019078b175');
const PPS = hex('68ef3cb0');
const AUD = hex('09f0');
const IDR = hex('65888480');
const P = hex('419a0080');
const h264: VideoTrack = { kind: 'video', codec: 'h264', width: 640, height: 360, sps: SPS, pps: PPS, frameRate: 25 };
const VPS5 = hex('40010c01ffff01600000030090000003000003003fba0240');
const SPS5 = hex('42010101600000030090000003000003003fa00502016965ba924caf016808000003000800000300c840');
const PPS5 = hex('4401c172b46240');
const h265: VideoTrack = { kind: 'video', codec: 'h265', width: 640, height: 360, vps: VPS5, sps: SPS5, pps: PPS5 };
const alaw: AudioTrack = { kind: 'audio', codec: 'pcma', sampleRate: 8000, channels: 1 };
const aac: AudioTrack = { kind: 'audio', codec: 'aac', sampleRate: 8000, channels: 1, config: hex('1588') };

const vf = (track: VideoTrack, dts: number, key: boolean, nals: Uint8Array[], pts = dts): MediaFrame => ({ track, dts, pts, key, data: joinAnnexB(nals) });
const af = (track: AudioTrack, dts: number, data = hex('d5d5')): MediaFrame => ({ track, dts, pts: dts, key: true, data });

describe('FlvMuxer', () => {
  it('drops frames before the first key frame, then sends metadata, sequence header and the frame', () => {
    const m = new FlvMuxer({ audio: 'pass' });
    expect(m.mux(vf(h264, 0, false, [P]))).toEqual([]);
    expect(m.lastDrop).toBe('before-key-frame');
    expect(m.mux(af(alaw, 10))).toEqual([]);
    const out = m.mux(vf(h264, 40, true, [AUD, SPS, PPS, IDR]));
    expect(out.map((x) => [x.typeId, x.timestamp, x.keyFrame])).toEqual([[18, 0, false], [9, 0, false], [9, 0, true]]);
    expect(decodeOnMetaData(joinPayload(out[0]!))).toMatchObject({ width: 640, height: 360, videocodecid: 7, framerate: 25 });
    expect(decodeVideoTag(joinPayload(out[1]!))).toMatchObject({ codec: 'avc', packetType: 'sequenceStart' });
    const coded = decodeVideoTag(joinPayload(out[2]!));
    expect(coded).toMatchObject({ codec: 'avc', frameType: 1, packetType: 'codedFrames', compositionTime: 0 });
    // AUD and parameter sets leave the coded frame (they are in the sequence header).
    expect(decodeLengthPrefixed(coded.data)).toEqual([IDR]);
  });

  it('writes a frame that carries its NAL units without copying them (parts are the frame\'s own views)', () => {
    const source = Buffer.from(joinAnnexB([AUD, SPS, PPS, IDR, P]));
    const nalus = splitAnnexB(source);
    const m = new FlvMuxer({ audio: 'pass' });
    const out = m.mux(annexBFrame(h264, 0, 0, true, nalus));
    const coded = out[2]!;
    const parts = coded.payload as Uint8Array[];
    // [tag header + prefix, IDR view, prefix, P view]: the NAL units are the very bytes the source delivered.
    expect(parts).toHaveLength(4);
    for (const [i, nal] of [[1, nalus[3]!], [3, nalus[4]!]] as const) {
      expect(parts[i]!.buffer).toBe(source.buffer);
      expect(parts[i]!.byteOffset).toBe(nal.byteOffset);
    }
    expect(coded.length).toBe(joinPayload(coded).length);
    expect(decodeLengthPrefixed(decodeVideoTag(joinPayload(coded)).data)).toEqual([IDR, P]);
  });

  it('writes pts − dts as composition time (B-frames)', () => {
    const m = new FlvMuxer({ audio: 'pass' });
    m.mux(vf(h264, 0, true, [IDR], 80));
    const [b] = m.mux(vf(h264, 40, false, [P], 40));
    const [p] = m.mux(vf(h264, 80, false, [P], 160));
    expect(decodeVideoTag(joinPayload(b!)).compositionTime).toBe(0);
    expect(decodeVideoTag(joinPayload(p!))).toMatchObject({ frameType: 2, compositionTime: 80 });
    expect(p!.timestamp).toBe(80);
  });

  it('sends a new sequence header when the track object changes, and not otherwise', () => {
    const m = new FlvMuxer({ audio: 'pass' });
    expect(m.mux(vf(h264, 0, true, [IDR]))).toHaveLength(3);
    expect(m.mux(vf(h264, 40, true, [IDR]))).toHaveLength(1);
    const changed: VideoTrack = { ...h264, width: 1280, height: 720 };
    const out = m.mux(vf(changed, 80, true, [IDR]));
    expect(out).toHaveLength(3);
    expect(decodeOnMetaData(joinPayload(out[0]!))).toMatchObject({ width: 1280, height: 720 });
  });

  it('takes parameter sets from the frame when the track has none; waits when neither has them', () => {
    const bare: VideoTrack = { kind: 'video', codec: 'h264', width: 0, height: 0 };
    const m = new FlvMuxer({ audio: 'pass' });
    expect(m.mux(vf(bare, 0, true, [IDR]))).toEqual([]);
    expect(m.lastDrop).toBe('no-parameter-sets');
    const out = m.mux(vf(bare, 40, true, [SPS, PPS, IDR]));
    expect(out).toHaveLength(3);
    // The track knows no size yet: the metadata takes it from the SPS.
    expect(decodeOnMetaData(joinPayload(out[0]!))).toMatchObject({ width: 640, height: 360 });
  });

  it('H.265: Enhanced RTMP hvc1 sequence start, CodedFramesX at cts 0, CodedFrames otherwise', () => {
    const IRAP = hex('2601af80');
    const TRAIL = hex('0201d080');
    const m = new FlvMuxer({ audio: 'pass' });
    const out = m.mux(vf(h265, 0, true, [hex('46011000'), VPS5, SPS5, PPS5, IRAP]));
    expect(decodeOnMetaData(joinPayload(out[0]!))).toMatchObject({ videocodecid: 0x68766331 });
    const seq = decodeVideoTag(joinPayload(out[1]!));
    expect(seq).toMatchObject({ codec: 'hvc1', packetType: 'sequenceStart' });
    expect(decodeHevcConfig(seq.data).arrays.map((a) => a.nalus[0])).toEqual([VPS5, SPS5, PPS5]);
    const key = decodeVideoTag(joinPayload(out[2]!));
    expect(key).toMatchObject({ codec: 'hvc1', frameType: 1, packetType: 'codedFramesX' });
    expect(decodeLengthPrefixed(key.data)).toEqual([IRAP]);
    const [b] = m.mux(vf(h265, 40, false, [TRAIL], 120));
    expect(decodeVideoTag(joinPayload(b!))).toMatchObject({ frameType: 2, packetType: 'codedFrames', compositionTime: 80 });
  });

  it('G.711 passes as SoundFormat 7 with metadata naming it; audio "drop" leaves it out', () => {
    const m = new FlvMuxer({ audio: 'pass' });
    m.mux(vf(h264, 0, true, [IDR]));
    const out = m.mux(af(alaw, 20));
    expect(out.map((x) => x.typeId)).toEqual([18, 8]);
    expect(decodeOnMetaData(joinPayload(out[0]!))).toMatchObject({ audiocodecid: 7, audiosamplerate: 8000, stereo: false });
    expect(decodeAudioTag(joinPayload(out[1]!))).toMatchObject({ soundFormat: 7, data: hex('d5d5') });
    expect(out[1]!.timestamp).toBe(20);
    expect(m.mux(af(alaw, 40)).map((x) => x.typeId)).toEqual([8]);

    const d = new FlvMuxer({ audio: 'drop' });
    d.mux(vf(h264, 0, true, [IDR]));
    expect(d.mux(af(alaw, 20))).toEqual([]);
    expect(d.lastDrop).toBe('audio-dropped');
  });

  it('AAC: AudioSpecificConfig sequence header before the first raw frame', () => {
    const m = new FlvMuxer({ audio: 'pass' });
    m.mux(vf(h264, 0, true, [IDR]));
    const out = m.mux(af(aac, 0, hex('2100')));
    expect(out.map((x) => x.typeId)).toEqual([18, 8, 8]);
    expect(decodeAudioTag(joinPayload(out[1]!))).toMatchObject({ soundFormat: 10, aacPacketType: 0, data: hex('1588') });
    expect(decodeAudioTag(joinPayload(out[2]!))).toMatchObject({ soundFormat: 10, aacPacketType: 1, data: hex('2100') });
    expect(m.mux(af({ ...aac, config: undefined }, 20))).toEqual([]);
  });

  it('keeps timestamps increasing across discontinuity()', () => {
    const m = new FlvMuxer({ audio: 'pass' });
    m.mux(vf(h264, 5000, true, [IDR]));
    m.mux(vf(h264, 5040, false, [P]));
    m.discontinuity();
    const [x] = m.mux(vf(h264, 0, false, [P]));
    expect(x!.timestamp).toBe(80);
  });
});
