import { describe, expect, it } from 'vitest';
import type { MediaFrame, VideoTrack } from '@nvr-pusher/core/contracts';
import { GopCache } from '../../core/scheduler/gop-cache.js';
import { HeartbeatTable } from '../../core/scheduler/heartbeat-table.js';
import { joinStreamUrl, StreamKeys } from '../../core/scheduler/stream-keys.js';
import { formatWallTime, parseWallTime } from '@nvr-pusher/core/contracts';

const track: VideoTrack = { kind: 'video', codec: 'h264', width: 0, height: 0 };
const frame = (key: boolean, size: number, dts = 0): MediaFrame => ({ track, key, dts, pts: dts, data: new Uint8Array(size) });

describe('GopCache', () => {
  it('keeps the frames since the last key frame, nothing before the first one', () => {
    const g = new GopCache(1000);
    g.add(frame(false, 10));
    expect(g.snapshot()).toHaveLength(0);
    g.add(frame(true, 10, 1));
    g.add(frame(false, 10, 2));
    g.add(frame(true, 10, 3));
    g.add(frame(false, 10, 4));
    expect(g.snapshot().map((f) => f.dts)).toEqual([3, 4]);
  });
  it('drops a GOP that outgrows the byte bound', () => {
    const g = new GopCache(25);
    g.add(frame(true, 10));
    g.add(frame(false, 10));
    g.add(frame(false, 10));
    expect(g.snapshot()).toHaveLength(0);
    g.add(frame(false, 1));
    expect(g.snapshot()).toHaveLength(0);
  });
});

describe('HeartbeatTable', () => {
  it('reports handles whose deadline passed; a beat moves the deadline', () => {
    let now = 0;
    const t = new HeartbeatTable(100, () => now);
    t.beat(1);
    now = 50;
    t.beat(2);
    now = 120;
    t.beat(1);
    now = 160;
    expect(t.expired()).toEqual([2]);
    t.remove(2);
    now = 230;
    expect(t.expired()).toEqual([1]);
  });
});

describe('stream keys and URLs', () => {
  it('joins base and key, keeping a query string after the key', () => {
    expect(joinStreamUrl('rtmp://h:1935/live', 'k1')).toBe('rtmp://h:1935/live/k1');
    expect(joinStreamUrl('rtmp://h/live/', 'k1')).toBe('rtmp://h/live/k1');
    expect(joinStreamUrl('rtmp://h/live?token=abc', 'k1')).toBe('rtmp://h/live/k1?token=abc');
  });
  it('keys are unique and say nothing about the NVR', () => {
    const keys = new StreamKeys();
    const all = new Set(Array.from({ length: 1000 }, () => keys.next('live')));
    expect(all.size).toBe(1000);
    for (const k of all) expect(k).toMatch(/^live-\d+-[0-9a-f]{8}$/);
  });
});

describe('wall time', () => {
  it.each([
    ['2016-07-20 12:00:00', true], ['2016-02-29 23:59:59', true], ['2015-02-29 00:00:00', false],
    ['2016-13-01 00:00:00', false], ['2016-07-20 12:60:00', false], ['2016-07-20T12:00:00', false], [' 2016-07-20 12:00:00', false],
  ])('%s valid: %s, and formats back to itself', (text, ok) => {
    const t = parseWallTime(text);
    expect(t !== undefined).toBe(ok);
    if (t !== undefined) expect(formatWallTime(t)).toBe(text);
  });
});
