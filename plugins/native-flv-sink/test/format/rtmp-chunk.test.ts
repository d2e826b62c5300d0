import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FormatError } from '@nvr-pusher/core/media';
import { RtmpChunkWriter } from '../../src/format/rtmp-chunk-writer.js';
import { RtmpChunkReader } from '../../src/format/rtmp-chunk-reader.js';
import { setChunkSize, type RtmpMessage } from '../../src/format/rtmp-message.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function feedIn(reader: RtmpChunkReader, bytes: Uint8Array, step: number): RtmpMessage[] {
  const out: RtmpMessage[] = [];
  for (let i = 0; i < bytes.length; i += step) out.push(...reader.push(bytes.subarray(i, i + step)));
  return out;
}

const msg = (over: Partial<RtmpMessage>): RtmpMessage => ({ csid: 3, timestamp: 0, typeId: 20, streamId: 0, payload: hex(''), ...over });

describe('chunk writer case table (RTMP spec §5.3.1)', () => {
  const cases: { name: string; chunkSize: number; m: RtmpMessage; bytes: string }[] = [
    { name: 'one type-0 chunk', chunkSize: 128, m: msg({ payload: hex('0102') }), bytes: '03 000000 000002 14 00000000 0102' },
    {
      name: 'type-0 then type-3 continuation, stream id little-endian',
      chunkSize: 4,
      m: msg({ csid: 6, timestamp: 0x123456, typeId: 9, streamId: 1, payload: hex('aabbccddee') }),
      bytes: '06 123456 000005 09 01000000 aabbccdd c6 ee',
    },
    {
      name: 'extended timestamp, repeated on type-3 chunks',
      chunkSize: 1,
      m: msg({ csid: 4, timestamp: 0x01000000, typeId: 8, streamId: 1, payload: hex('aabb') }),
      bytes: '04 ffffff 000002 08 01000000 01000000 aa c4 01000000 bb',
    },
    { name: 'timestamp modulo 2^32', chunkSize: 128, m: msg({ timestamp: 2 ** 32 + 5 }), bytes: '03 000005 000000 14 00000000' },
    { name: '2-byte basic header (csid 100)', chunkSize: 128, m: msg({ csid: 100 }), bytes: '00 24 000000 000000 14 00000000' },
    { name: '3-byte basic header (csid 400)', chunkSize: 128, m: msg({ csid: 400 }), bytes: '01 50 01 000000 000000 14 00000000' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = new RtmpChunkWriter();
      w.chunkSize = c.chunkSize;
      expect(toHex(w.encode(c.m))).toBe(toHex(hex(c.bytes)));
      const r = new RtmpChunkReader();
      r.chunkSize = c.chunkSize;
      expect(r.push(hex(c.bytes))).toEqual([{ ...c.m, timestamp: c.m.timestamp >>> 0 }]);
    });
  }
  it('refuses csid outside 2..65599 and messages over 24 bits', () => {
    expect(() => new RtmpChunkWriter().encode(msg({ csid: 1 }))).toThrow(FormatError);
    expect(() => new RtmpChunkWriter().encode(msg({ payload: new Uint8Array(0x1000000) }))).toThrow(/exceeds/);
  });
});

describe('chunk writer parts (writev)', () => {
  it('emits header buffers and payload views equal to the encoded bytes, for parts crossing chunk boundaries', () => {
    fc.assert(fc.property(
      fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), fc.integer({ min: 1, max: 200 }), fc.constantFrom(0, 0x1000000),
      (payloadParts, chunkSize, timestamp) => {
        const w = new RtmpChunkWriter();
        w.chunkSize = chunkSize;
        const m = { csid: 6, timestamp, typeId: 9, streamId: 1 };
        const out: Uint8Array[] = [];
        const size = w.chunks({ ...m, payload: payloadParts }, out);
        const joined = Buffer.concat(payloadParts);
        expect(Buffer.concat(out).equals(Buffer.from(w.encode({ ...m, payload: joined })))).toBe(true);
        expect(size).toBe(Buffer.concat(out).length);
        // No payload byte is copied: every non-header piece is a view into one of the parts.
        const payloadPieces = out.filter((o) => payloadParts.some((p) => p.buffer === o.buffer));
        expect(payloadPieces.reduce((n, p) => n + p.length, 0)).toBe(joined.length);
      },
    ), { numRuns: 300 });
  });
});

describe('chunk reader', () => {
  // Type 1, 2 and 3 headers as a server may send them (§5.3.1.2.2–4): deltas accumulate, a type-3 chunk that
  // starts a message reuses the last delta.
  const headerTypes = hex('04 0003e8 000002 09 01000000 aaaa' + '44 000028 000001 08 bb' + '84 000028 cc' + 'c4 dd');
  const expected: RtmpMessage[] = [
    { csid: 4, timestamp: 1000, typeId: 9, streamId: 1, payload: hex('aaaa') },
    { csid: 4, timestamp: 1040, typeId: 8, streamId: 1, payload: hex('bb') },
    { csid: 4, timestamp: 1080, typeId: 8, streamId: 1, payload: hex('cc') },
    { csid: 4, timestamp: 1120, typeId: 8, streamId: 1, payload: hex('dd') },
  ];
  for (const step of [headerTypes.length, 1, 7]) {
    it(`reads type 0/1/2/3 headers fed in ${step}-byte pieces`, () => {
      expect(feedIn(new RtmpChunkReader(), headerTypes, step)).toEqual(expected);
    });
  }

  it('applies Set Chunk Size before the next chunk and Abort drops the partial message', () => {
    const w = new RtmpChunkWriter();
    const big = msg({ csid: 5, payload: new Uint8Array(300).fill(7) });
    const parts = [w.encode(setChunkSize(100))];
    w.chunkSize = 100;
    parts.push(w.encode(big));
    const partial = w.encode(msg({ csid: 6, payload: new Uint8Array(150).fill(1) })).subarray(0, 112); // first chunk only
    parts.push(partial, w.encode({ csid: 2, timestamp: 0, typeId: 2, streamId: 0, payload: hex('00000006') }));
    parts.push(w.encode(msg({ csid: 6, payload: hex('01') })));
    const all = Buffer.concat(parts);
    for (const step of [all.length, 1, 7]) {
      const r = new RtmpChunkReader();
      const got = feedIn(r, all, step);
      expect(r.chunkSize).toBe(100);
      expect(got.map((m) => [m.typeId, m.payload.length])).toEqual([[1, 4], [20, 300], [2, 4], [20, 1]]);
    }
  });

  it('refuses a continuation without a type-0 chunk, and oversize messages', () => {
    expect(() => new RtmpChunkReader().push(hex('c3 00'))).toThrow(/without a previous type-0/);
    expect(() => new RtmpChunkReader(100).push(hex('03 000000 0000ff 14 00000000'))).toThrow(/exceeds the limit of 100/);
  });

  it('random bytes throw only FormatError', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }), (pieces) => {
        const r = new RtmpChunkReader(4096);
        try {
          for (const p of pieces) r.push(p);
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('chunk writer → reader round trip', () => {
  const message = fc.record({
    csid: fc.oneof(fc.integer({ min: 3, max: 63 }), fc.integer({ min: 64, max: 319 }), fc.integer({ min: 320, max: 65599 })),
    timestamp: fc.oneof(fc.integer({ min: 0, max: 0xfffffe }), fc.integer({ min: 0xffffff, max: 0xffffffff })),
    typeId: fc.constantFrom(8, 9, 18, 20),
    streamId: fc.integer({ min: 0, max: 0xffffffff }),
    payload: fc.uint8Array({ maxLength: 300 }),
  });
  it('returns the same messages whole, in 1-byte and in 7-byte pieces', () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 200 }), (messages, chunkSize) => {
        const w = new RtmpChunkWriter();
        w.chunkSize = chunkSize;
        const bytes = Buffer.concat(messages.map((m) => w.encode(m)));
        const results = [bytes.length, 1, 7].map((step) => {
          const r = new RtmpChunkReader();
          r.chunkSize = chunkSize;
          return feedIn(r, bytes, step);
        });
        expect(results[0]).toEqual(messages);
        expect(results[1]).toEqual(results[0]);
        expect(results[2]).toEqual(results[0]);
      }),
      { numRuns: 200 },
    );
  });
});
