import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BACKWARD_TOLERANCE_MS, MAX_FORWARD_GAP_MS, Timeline, type TimelineKind } from '../src/timeline.js';

describe('Timeline', () => {
  it('starts at 0 and keeps source spacing', () => {
    const t = new Timeline();
    expect([1000, 1040, 1080].map((d) => t.map('video', d))).toEqual([0, 40, 80]);
  });

  it('keeps audio and video in sync on one offset', () => {
    const t = new Timeline();
    expect(t.map('video', 5000)).toBe(0);
    expect(t.map('audio', 5020)).toBe(20);
    expect(t.map('video', 5040)).toBe(40);
    expect(t.map('audio', 5040)).toBe(40);
  });

  it('continues one frame step later after discontinuity(), whatever the new source time', () => {
    const t = new Timeline();
    t.map('video', 100);
    t.map('video', 140);
    t.discontinuity();
    expect(t.map('video', 99_999_999)).toBe(80);
    expect(t.map('video', 100_000_039)).toBe(120);
  });

  it('re-anchors on a backward jump (NVR clock set back) and on a far forward jump', () => {
    const t = new Timeline();
    t.map('video', 10_000);
    t.map('video', 10_040);
    expect(t.map('video', 3_000)).toBe(80);
    expect(t.map('video', 3_000 + MAX_FORWARD_GAP_MS + 1)).toBe(120);
  });

  it('survives a 32-bit wrap of the source clock', () => {
    const t = new Timeline();
    const top = 2 ** 32 - 80;
    expect([top, top + 40, 0, 40].map((d) => t.map('video', d))).toEqual([0, 40, 80, 120]);
  });

  it('clamps small backward jitter to strictly increasing', () => {
    const t = new Timeline();
    t.map('audio', 1000);
    expect(t.map('audio', 1000 - BACKWARD_TOLERANCE_MS + 10)).toBe(1);
  });

  it('a kind re-anchored by the other one joins the new clock without a second jump', () => {
    const t = new Timeline();
    t.map('video', 50_000);
    t.map('audio', 50_020);
    t.map('video', 50_040);
    t.discontinuity();
    const v = t.map('video', 1_000); // new clock
    const a = t.map('audio', 1_020);
    expect(a - v).toBe(20);
  });

  const op = fc.oneof(
    fc.record({ kind: fc.constantFrom<TimelineKind>('video', 'audio'), step: fc.integer({ min: -2000, max: 3000 }) }),
    fc.record({ kind: fc.constantFrom<TimelineKind>('video', 'audio'), jump: fc.oneof(fc.integer({ min: -(2 ** 32), max: 2 ** 32 }), fc.constant(2 ** 32)) }),
    fc.constant({ discontinuity: true as const }),
  );

  it('property: output per kind strictly increases, across discontinuities, jumps and wraps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.array(op, { maxLength: 200 }), (start, ops) => {
        const t = new Timeline();
        let src = start;
        const last: Partial<Record<TimelineKind, number>> = {};
        for (const o of ops) {
          if ('discontinuity' in o) {
            t.discontinuity();
            continue;
          }
          src = 'step' in o ? src + o.step : src + o.jump;
          // Sources hand over 32-bit millisecond counters: wrap like they do.
          const out = t.map(o.kind, ((src % 2 ** 32) + 2 ** 32) % 2 ** 32);
          expect(Number.isInteger(out)).toBe(true);
          expect(out).toBeGreaterThanOrEqual(0);
          if (last[o.kind] !== undefined) expect(out).toBeGreaterThan(last[o.kind]!);
          last[o.kind] = out;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: with steady interleaved A/V the offset between kinds is preserved', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 2, max: 60 }), (start, skew, n) => {
        const t = new Timeline();
        for (let i = 0; i < n; i++) {
          const v = t.map('video', start + i * 40);
          const a = t.map('audio', start + skew + i * 40);
          expect(a - v).toBe(skew);
        }
      }),
    );
  });
});
