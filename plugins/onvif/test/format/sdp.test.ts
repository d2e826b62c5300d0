import { describe, expect, it } from 'vitest';
import { parseSdp, resolveControl } from '../../src/format/sdp.js';
import { trackFromSdp, parseAudioSpecificConfig } from '../../src/format/track-config.js';

// As GStreamer's RTSP server and typical cameras write them (abbreviated).
const SDP = [
  'v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=cam', 't=0 0', 'a=control:*', 'a=range:npt=now-',
  'm=video 0 RTP/AVP 96', 'a=rtpmap:96 H264/90000',
  'a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LADdoFB+wFqDAwNSgAAAMACAAAAwGUeKFV,aM48gA==;profile-level-id=42c00d',
  'a=control:stream=0',
  'm=audio 0 RTP/AVP 8', 'a=control:stream=1',
  'm=audio 0 RTP/AVP 97', 'a=rtpmap:97 MPEG4-GENERIC/16000/1',
  'a=fmtp:97 streamtype=5;profile-level-id=2;mode=AAC-hbr;config=1408;sizelength=13;indexlength=3;indexdeltalength=3',
  'a=control:rtsp://cam/abs/track3',
  'm=application 0 RTP/AVP 107', 'a=rtpmap:107 vnd.onvif.metadata/90000',
].join('\r\n');

describe('parseSdp', () => {
  it('reads media sections with rtpmap, fmtp, control; static payload types without rtpmap', () => {
    const s = parseSdp(SDP);
    expect([s.control, s.range]).toEqual(['*', 'npt=now-']);
    expect(s.media.map((m) => [m.type, m.payloadType, m.encoding, m.clockRate, m.channels, m.control])).toEqual([
      ['video', 96, 'H264', 90000, 1, 'stream=0'],
      ['audio', 8, 'PCMA', 8000, 1, 'stream=1'],
      ['audio', 97, 'MPEG4-GENERIC', 16000, 1, 'rtsp://cam/abs/track3'],
      ['application', 107, 'VND.ONVIF.METADATA', 90000, 1, undefined],
    ]);
    expect(s.media[2]!.fmtp.get('sizelength')).toBe('13');
  });

  it('refuses text without v=', () => {
    expect(() => parseSdp('hello')).toThrow(/v= line/);
  });
});

describe('trackFromSdp', () => {
  const media = parseSdp(SDP).media;

  it('H.264: sprop-parameter-sets decoded to SPS and PPS NAL units', () => {
    const t = trackFromSdp(media[0]!);
    expect(t).toMatchObject({ kind: 'video', codec: 'h264', clockRate: 90000 });
    const sets = (t as { parameterSets: Uint8Array[] }).parameterSets;
    expect(sets.map((n) => n[0]! & 0x1f)).toEqual([7, 8]);
  });

  it('PCMA from the static payload type; AAC from config=1408 (AAC-LC, 16 kHz, mono); metadata ignored', () => {
    expect(trackFromSdp(media[1]!)).toEqual({ kind: 'audio', codec: 'pcma', clockRate: 8000, sampleRate: 8000, channels: 1 });
    expect(trackFromSdp(media[2]!)).toMatchObject({ kind: 'audio', codec: 'aac', sampleRate: 16000, channels: 1, config: Uint8Array.of(0x14, 0x08) });
    expect(trackFromSdp(media[3]!)).toBeUndefined();
  });

  it('AudioSpecificConfig 1210 = 44.1 kHz stereo; an unknown sampling index is refused', () => {
    expect(parseAudioSpecificConfig(Uint8Array.of(0x12, 0x10))).toEqual({ sampleRate: 44100, channels: 2 });
    expect(() => parseAudioSpecificConfig(Uint8Array.of(0x17, 0x90))).toThrow(/sampling index/);
  });
});

describe('resolveControl', () => {
  it('joins relative controls to the base, keeps absolute ones and *, and keeps a query at the end', () => {
    expect(resolveControl('rtsp://cam/live/', 'stream=0')).toBe('rtsp://cam/live/stream=0');
    expect(resolveControl('rtsp://cam/live', 'trackID=1')).toBe('rtsp://cam/live/trackID=1');
    expect(resolveControl('rtsp://cam/live/', '*')).toBe('rtsp://cam/live/');
    expect(resolveControl('rtsp://cam/live/', 'rtsp://other/x')).toBe('rtsp://other/x');
    expect(resolveControl('rtsp://cam/Streaming/tracks/101?starttime=1', 'trackID=1')).toBe('rtsp://cam/Streaming/tracks/101/trackID=1?starttime=1');
  });
});
