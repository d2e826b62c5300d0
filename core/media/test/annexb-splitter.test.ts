import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnnexBSplitter } from '../annexb-splitter.js';
import { ChunkQueue } from '../chunk-queue.js';
import { splitAnnexB } from '../annexb.js';

const clip = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/media/h264-640x360-25fps.h264'));
const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');

/** Every NAL unit the splitter returns (flushed at the end), for `data` cut at `cuts`. */
function nalsOf(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const s = new AnnexBSplitter<number>('h264', () => 0);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of [...cuts.filter((x) => x > 0 && x < data.length)].sort((a, b) => a - b).concat(data.length)) {
    for (const au of s.push(data.subarray(from, c))) out.push(...au.nals);
    from = c;
  }
  for (const au of s.flush()) out.push(...au.nals);
  return out;
}

describe('AnnexBSplitter (views, native scan)', () => {
  it('gives the same NAL units as splitting the whole clip, whatever the chunking (incl. 1-byte chunks around start codes)', () => {
    const whole = splitAnnexB(clip).map(hex);
    for (const step of [1, 2, 3, 7, 188, 4096]) {
      const cuts = Array.from({ length: Math.ceil(clip.length / step) }, (_, i) => i * step);
      expect(nalsOf(clip, cuts).map(hex)).toEqual(whole);
    }
  });

  it('random bytes rich in 00/01 (start codes split every way): the same units and AUs as one whole push', () => {
    const bytes = fc.array(fc.constantFrom(0, 0, 0, 1, 0x65, 0x41, 0x09, 0x88, 0xff), { maxLength: 80 }).map((a) => Uint8Array.from(a));
    fc.assert(fc.property(bytes, fc.array(fc.nat(80), { maxLength: 8 }), (b, cuts) => {
      expect(nalsOf(b, cuts).map(hex)).toEqual(nalsOf(b, []).map(hex));
    }), { numRuns: 1000 });
  });

  it('returns a NAL unit that lies inside one pushed chunk as a view into that chunk (no copy)', () => {
    const chunk = Buffer.from(clip);
    const s = new AnnexBSplitter<number>('h264', () => 0);
    const aus = [...s.push(chunk), ...s.flush()];
    const nals = aus.flatMap((a) => a.nals);
    expect(nals.length).toBeGreaterThan(100);
    expect(nals.every((n) => n.buffer === chunk.buffer)).toBe(true);
  });
});

describe('ChunkQueue', () => {
  it('views stay valid after later appends and consumes (bytes are never written)', () => {
    const q = new ChunkQueue();
    q.append(Uint8Array.of(1, 2, 3));
    q.append(Uint8Array.of(4, 5));
    const v = q.view();
    q.consume(4);
    q.append(Uint8Array.of(6, 7, 8));
    q.view();
    q.consume(2);
    expect([...v]).toEqual([1, 2, 3, 4, 5]);
    expect([...q.view()]).toEqual([7, 8]);
  });

  it('is not ready until the wanted amount is queued', () => {
    const q = new ChunkQueue();
    q.append(Uint8Array.of(0, 0));
    q.want(5);
    expect(q.ready).toBe(false);
    q.append(Uint8Array.of(1, 2, 3));
    expect(q.ready).toBe(true);
    expect(q.length).toBe(5);
  });
});
