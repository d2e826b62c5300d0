/** The play check's pure parts: FLV video detection and the RTMP chunk reader, fed in odd chunk sizes. */
import { describe, expect, it } from 'vitest';
import { FlvVideoScanner, isCodedVideo } from '../../core/play-check/flv-video-scanner.js';
import { encodeChunks, RtmpChunkReader, type RtmpMessage } from '../../core/play-check/rtmp-chunks.js';
import { decodeAmf0, encodeAmf0 } from '../../core/play-check/amf0-lite.js';
import { planPlayCheck } from '../../core/play-check/play-check.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const tag = (type: number, ts: number, body: Uint8Array) => {
  const h = Buffer.alloc(11);
  h[0] = type;
  h.writeUIntBE(body.length, 1, 3);
  h.writeUIntBE(ts & 0xffffff, 4, 3);
  h[7] = ts >>> 24;
  const prev = Buffer.alloc(4);
  prev.writeUInt32BE(11 + body.length);
  return Buffer.concat([h, body, prev]);
};
const FLV_HEADER = hex('464c5601 05 00000009 00000000');
const SCRIPT = tag(18, 0, hex('0200 0a 6f6e4d65746144617461 05'));
const AVC_SEQ = tag(9, 0, hex('17 00 000000 01640028ffe1'));
const AAC = tag(8, 0, hex('af01 2100'));
const AVC_NALU = tag(9, 40, hex('27 01 000000 00000002 419a'));
const HVC1_SEQ = tag(9, 0, hex('90 68766331 01'));
const HVC1_CODED_X = tag(9, 0, hex('93 68766331 00000002 2601'));

function scan(stream: Uint8Array, size: number): { at: number; error?: string } {
  const s = new FlvVideoScanner();
  for (let i = 0; i < stream.length; i += size) if (s.push(stream.subarray(i, i + size))) return { at: i + size };
  return { at: -1, error: s.error };
}

describe('FlvVideoScanner', () => {
  it('finds the first coded video frame, not metadata, sequence headers or audio, whatever the chunk sizes', () => {
    const stream = Buffer.concat([FLV_HEADER, SCRIPT, AVC_SEQ, AAC, AVC_NALU]);
    for (const size of [1, 2, 3, 7, 13, 64, stream.length]) {
      const { at } = scan(stream, size);
      expect(at).toBeGreaterThanOrEqual(stream.length);
    }
    expect(scan(Buffer.concat([FLV_HEADER, SCRIPT, AVC_SEQ, AAC]), 5).at).toBe(-1);
  });
  it('Enhanced RTMP: CodedFramesX counts, SequenceStart does not', () => {
    expect(scan(Buffer.concat([FLV_HEADER, HVC1_SEQ]), 3).at).toBe(-1);
    expect(scan(Buffer.concat([FLV_HEADER, HVC1_SEQ, HVC1_CODED_X]), 3).at).toBeGreaterThan(0);
    expect(isCodedVideo(hex('52 00'))).toBe(false); // frame type 5: command frame
  });
  it('refuses what is not FLV, and absurd tag sizes, instead of buffering', () => {
    expect(scan(Buffer.from('HTTP/1.1 404 Not Found\r\n\r\n'), 4).error).toBe('no FLV signature');
    expect(scan(Buffer.concat([FLV_HEADER, hex('09 ffffff 00000000 000000')]), 4).error).toMatch(/FLV tag of/);
  });
});

describe('RtmpChunkReader', () => {
  it('reassembles messages split at the chunk size and fed in odd sizes, following Set Chunk Size', () => {
    const big = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    const setChunk = encodeChunks(2, { typeId: 1, streamId: 0, payload: hex('00001000') });
    const wire = Buffer.concat([
      encodeChunks(3, { typeId: 20, streamId: 0, payload: encodeAmf0(['_result', 1, null, { code: 'NetConnection.Connect.Success' }]) }),
      encodeChunks(6, { typeId: 9, streamId: 1, payload: big }),
      setChunk,
      encodeChunks(6, { typeId: 9, streamId: 1, payload: big }, 4096),
    ]);
    for (const size of [1, 5, 127, 129, wire.length]) {
      const r = new RtmpChunkReader();
      const got: RtmpMessage[] = [];
      for (let i = 0; i < wire.length; i += size) got.push(...r.push(wire.subarray(i, i + size)));
      expect(got.map((m) => [m.typeId, m.streamId, m.payload.length])).toEqual([[20, 0, 62], [9, 1, 1000], [1, 0, 4], [9, 1, 1000]]);
      expect(decodeAmf0(got[0]!.payload)).toEqual(['_result', 1, null, { code: 'NetConnection.Connect.Success' }]);
      expect(Buffer.from(got[3]!.payload).equals(Buffer.from(big))).toBe(true);
    }
  });
  it('fmt 1/2/3 headers reuse the previous header; extended timestamps are read', () => {
    // fmt 0 with extended timestamp 0x01000000, then fmt 2 (delta 40), then fmt 3 (delta again).
    const wire = hex(`06 ffffff 000002 09 01000000 01000000 aabb
                      86 000028 ccdd
                      c6 eeff`);
    const got = new RtmpChunkReader().push(wire);
    expect(got.map((m) => [m.timestamp, Buffer.from(m.payload).toString('hex')])).toEqual([[0x1000000, 'aabb'], [0x1000000 + 40, 'ccdd'], [0x1000000 + 80, 'eeff']]);
  });
});

describe('planPlayCheck', () => {
  const base = { publishUrl: 'rtmp://10.0.0.5:1935/live?token=1', playUrl: '', embedded: false, embeddedHttpPort: 8091, httpFlvUrl: '' };
  const stream = { playCheck: true, playCheckTimeoutMs: 3000 } as never;
  it('HTTP-FLV when configured, the embedded server when embedded, else RTMP play of playUrl / publishUrl; off when disabled', () => {
    expect(planPlayCheck({ rtmp: { ...base, httpFlvUrl: 'http://srs:8080/live/' }, stream })!.urlFor('k1')).toBe('http://srs:8080/live/k1.flv');
    expect(planPlayCheck({ rtmp: { ...base, publishUrl: 'rtmp://127.0.0.1:1935/live', embedded: true }, stream })!.urlFor('k1')).toBe('http://127.0.0.1:8091/live/k1.flv');
    const rtmp = planPlayCheck({ rtmp: base, stream })!;
    expect([rtmp.kind, rtmp.urlFor('k1')]).toEqual(['rtmp', 'rtmp://10.0.0.5:1935/live/k1']);
    expect(planPlayCheck({ rtmp: { ...base, playUrl: 'rtmp://edge/live' }, stream })!.urlFor('k1')).toBe('rtmp://edge/live/k1');
    expect(planPlayCheck({ rtmp: base, stream: { playCheck: false, playCheckTimeoutMs: 1 } as never })).toBeUndefined();
  });
});
