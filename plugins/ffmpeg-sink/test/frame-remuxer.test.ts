/** FrameRemuxer output read back with core's PsDemuxer (and ffprobe for the IMKH G.711 mapping). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MediaFrame } from '@nvr-pusher/core/contracts';
import { PsDemuxer } from '@nvr-pusher/core/media';
import { FrameRemuxer, REBASE_GAP_MS, START_MS } from '../src/frame-remuxer.js';
import { IMKH_HEADER_SIZE, startsWithImkh } from '../src/format/imkh-header.js';
import { WORK_DIR, frameLoop } from './support/media.js';

function take(n: number, audio = true): MediaFrame[] {
  const out: MediaFrame[] = [];
  const loop = frameLoop(audio);
  for (let i = 0; i < n; i++) out.push(...loop.next().value!);
  return out;
}

function remux(frames: MediaFrame[], breakAt = -1): Buffer {
  const m = new FrameRemuxer();
  return Buffer.concat(frames.map((f, i) => {
    if (i === breakAt) m.discontinuity();
    return m.mux(f);
  }));
}

describe('FrameRemuxer', () => {
  it('starts with the IMKH block and round-trips through the PS demuxer (whole, 1-byte and 7-byte chunks)', () => {
    const frames = take(60);
    const bytes = remux(frames);
    expect(startsWithImkh(bytes)).toBe(true);
    const demux = (chunk: number) => {
      const d = new PsDemuxer();
      const out: MediaFrame[] = [];
      const body = bytes.subarray(IMKH_HEADER_SIZE);
      for (let at = 0; at < body.length; at += chunk) out.push(...d.push(body.subarray(at, at + chunk)));
      return [...out, ...d.flush()].map((f) => ({ kind: f.track.kind, codec: f.track.codec, dts: f.dts, size: f.data.length }));
    };
    const whole = demux(bytes.length);
    expect(demux(1)).toEqual(whole);
    expect(demux(7)).toEqual(whole);
    const video = whole.filter((f) => f.kind === 'video');
    expect(video).toHaveLength(60);
    expect(video[0]!.dts).toBe(START_MS);
    expect(video[1]!.dts - video[0]!.dts).toBe(40);
    expect(whole.filter((f) => f.kind === 'audio').every((f) => f.codec === 'pcma' && f.size === 320)).toBe(true);
  });

  it('keeps timestamps increasing across discontinuity() and a backward jump', () => {
    const frames = take(20, false);
    const jumped = [...frames, ...frames.map((f) => ({ ...f, dts: f.dts - 60_000, pts: f.pts - 60_000 }))];
    const d = new PsDemuxer();
    const dts = [...d.push(remux(jumped, 20).subarray(IMKH_HEADER_SIZE)), ...d.flush()].map((f) => f.dts);
    expect(dts).toHaveLength(40);
    for (let i = 1; i < dts.length; i++) expect(dts[i]!).toBeGreaterThan(dts[i - 1]!);
    expect(dts[20]! - dts[19]!).toBe(REBASE_GAP_MS);
  });

  it('ffmpeg reads the G.711 of its output as pcm_alaw (IMKH mapping)', () => {
    fs.mkdirSync(WORK_DIR, { recursive: true });
    const file = path.join(WORK_DIR, 'remuxer-probe.ps');
    fs.writeFileSync(file, remux(take(50)));
    const out = execFileSync('ffprobe', ['-v', 'error', '-f', 'mpeg', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', file], { encoding: 'utf8' });
    const names = (JSON.parse(out).streams as { codec_name: string }[]).map((s) => s.codec_name).sort();
    expect(names).toEqual(['h264', 'pcm_alaw']);
    fs.rmSync(file);
  });
});
