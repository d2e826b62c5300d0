import { describe, expect, it } from 'vitest';
import { VideoTrackTracker, isKeyAccessUnit, joinAnnexB } from '../index.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
// x264 SPS (1280x720 / 352x288), a PPS, an IDR and a non-IDR slice header byte pattern.
const SPS_720 = hex('674d401feca02802dd8088000003000800000301e078c18cb0');
const SPS_288 = hex('6764000dacd9416096c044000003000400000300f03c50a658');
const PPS = hex('68ebe3cb22c0');
const IDR = hex('65888400ff');
const P = hex('419a2211');
const VPS = hex('40010c01ffff016000000300900000030000030078959809');
const SPS_H265 = hex('420101016000000300900000030000030078a003c08010e596566924caf0168080000003008000000c84');
const PPS_H265 = hex('4401c172b46240');
const CRA = hex('2a01af0a');
const TRAIL = hex('0201d0');

describe('VideoTrackTracker', () => {
  it('has a 0x0 track before any SPS, then the SPS size', () => {
    const t = new VideoTrackTracker('h264', 25);
    const first = t.accessUnit(joinAnnexB([P]));
    expect(first).toMatchObject({ key: false, track: { kind: 'video', codec: 'h264', width: 0, height: 0, frameRate: 25 } });
    const second = t.accessUnit(joinAnnexB([SPS_720, PPS, IDR]));
    expect(second.key).toBe(true);
    expect(second.track).not.toBe(first.track);
    expect(second.track).toMatchObject({ width: 1280, height: 720, sps: SPS_720, pps: PPS });
  });

  it('returns the same track object while parameter sets are unchanged', () => {
    const t = new VideoTrackTracker('h264');
    const a = t.accessUnit(joinAnnexB([SPS_720, PPS, IDR])).track;
    expect(t.accessUnit(joinAnnexB([P])).track).toBe(a);
    expect(t.accessUnit(joinAnnexB([SPS_720, PPS, IDR])).track).toBe(a);
    expect(a.frameRate).toBe(30); // from the VUI when the constructor gives none
  });

  it('makes a new track when the SPS or PPS changes', () => {
    const t = new VideoTrackTracker('h264');
    const a = t.accessUnit(joinAnnexB([SPS_720, PPS, IDR])).track;
    const b = t.accessUnit(joinAnnexB([SPS_288, PPS, IDR])).track;
    expect(b).not.toBe(a);
    expect(b).toMatchObject({ width: 352, height: 288 });
    const c = t.accessUnit(joinAnnexB([SPS_288, hex('68ee3c80'), IDR])).track;
    expect(c).not.toBe(b);
    expect(c.pps).toEqual(hex('68ee3c80'));
  });

  it('ignores an SPS that does not parse and keeps the previous one', () => {
    const t = new VideoTrackTracker('h264');
    const a = t.accessUnit(joinAnnexB([SPS_720, PPS, IDR])).track;
    expect(t.accessUnit(joinAnnexB([hex('674d40'), PPS, IDR])).track).toBe(a);
  });

  it('tracks H.265 VPS/SPS/PPS and marks IRAP key frames', () => {
    const t = new VideoTrackTracker('h265');
    const k = t.accessUnit(joinAnnexB([VPS, SPS_H265, PPS_H265, CRA]));
    expect(k.key).toBe(true);
    expect(k.track).toMatchObject({ codec: 'h265', width: 1920, height: 1080, vps: VPS, sps: SPS_H265, pps: PPS_H265 });
    expect(t.accessUnit(joinAnnexB([TRAIL])).key).toBe(false);
    const v2 = t.accessUnit(joinAnnexB([hex('40010c01ffff016000000300900000030000030078959808'), SPS_H265, PPS_H265, CRA]));
    expect(v2.track).not.toBe(k.track);
  });

  it('does not let the caller mutate the stored parameter sets', () => {
    const t = new VideoTrackTracker('h264');
    const sps = SPS_720.slice();
    const track = t.accessUnit(joinAnnexB([sps, PPS, IDR])).track;
    sps[5] = 0;
    expect(track.sps).toEqual(SPS_720);
  });
});

describe('isKeyAccessUnit', () => {
  const cases: { name: string; codec: 'h264' | 'h265'; nals: Uint8Array[]; key: boolean }[] = [
    { name: 'H.264 IDR (type 5)', codec: 'h264', nals: [IDR], key: true },
    { name: 'H.264 non-IDR (type 1)', codec: 'h264', nals: [P], key: false },
    { name: 'H.264 SPS+PPS without slice', codec: 'h264', nals: [SPS_720, PPS], key: false },
    { name: 'H.265 CRA (21)', codec: 'h265', nals: [CRA], key: true },
    { name: 'H.265 IDR_W_RADL (19)', codec: 'h265', nals: [hex('2601af')], key: true },
    { name: 'H.265 BLA_W_LP (16)', codec: 'h265', nals: [hex('2001af')], key: true },
    { name: 'H.265 TRAIL_R (1)', codec: 'h265', nals: [TRAIL], key: false },
    { name: 'H.265 reserved non-IRAP (24)', codec: 'h265', nals: [hex('3001af')], key: false },
  ];
  for (const c of cases) it(c.name, () => expect(isKeyAccessUnit(c.codec, c.nals)).toBe(c.key));
});
