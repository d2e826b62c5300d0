/**
 * The real plugin + koffi binding against the emulator library: record search, playback, seek, end of
 * recording, PTZ timing, every error path, no leaks.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PsDemuxer } from '@nvr-pusher/core/media';
import { formatWallTime, parseWallTime, PtzCommand, type MediaFrame, type SeekableSession } from '@nvr-pusher/core/contracts';
import { fixtureHikMedia, WORK } from '../support/hik-media.js';
import { never, startEmulatedPlugin, waitFor, type EmulatedPlugin } from '../support/emulated-plugin.js';
import { RecordingOutput } from '../support/recording-output.js';
import type { EmuRecord } from '../support/emulator.js';
import type { NvrLogin } from '@nvr-pusher/core/contracts';
import { rejection } from '../support/rejection.js';

const T = (s: string) => parseWallTime(`2026-01-01 ${s}`)!;
const ptzLog = join(WORK, `ptz-${process.pid}.log`);
let env: EmulatedPlugin;
let login: NvrLogin;

/** Demuxes everything written so far. */
function frames(out: RecordingOutput): MediaFrame[] {
  const d = new PsDemuxer();
  return out.of('raw').flatMap((e) => d.push(e.data));
}

beforeAll(async () => {
  const media = fixtureHikMedia();
  const size = readFileSync(media).length;
  // 40 one-minute files with 30 s gaps on channel 33: a busy day in miniature.
  const busy: EmuRecord[] = Array.from({ length: 40 }, (_, i) => {
    const start = T('10:00:00') + i * 90_000;
    return { channel: 33, start: formatWallTime(start), stop: formatWallTime(start + 60_000), file: media, name: `ch0033_${String(i).padStart(4, '0')}`, size };
  });
  env = await startEmulatedPlugin({
    searchBusyFirst: 2,
    searchBusyEvery: 8,
    ptzLog,
    devices: [{
      port: 8100,
      users: [{ name: 'admin', password: 'pw' }],
      channels: [
        { no: 33, media, ptz: true },
        { no: 34, media, ptz: false },
        { no: 35, media },
        { no: 36, media, playbackError: 29 },
        { no: 37, media, seekError: 29, ptz: true, ptzError: 29 },
      ],
    }],
    records: [
      ...busy,
      { channel: 35, start: '2026-01-01 10:00:00', stop: '2026-01-01 10:00:03', file: media, name: 'ch35_a', size },
      { channel: 35, start: '2026-01-01 10:00:05', stop: '2026-01-01 10:00:07', file: media, name: 'ch35_b', size },
      { channel: 36, start: '2026-01-01 10:00:00', stop: '2026-01-01 10:10:00', file: media, name: 'ch36', size },
      { channel: 37, start: '2026-01-01 10:00:00', stop: '2026-01-01 10:10:00', file: media, name: 'ch37', size },
    ],
  }, { positionPollMs: 200 });
  login = await env.source.login({ category: 0, addr: '127.0.0.1', port: 8100, user: 'admin', password: 'pw' }, never);
});
afterAll(async () => {
  rmSync(ptzLog, { force: true });
  if (!env) return;
  await env.source.logout(login);
  expect(env.emu.openHandles()).toEqual({ logins: 0, live: 0, playback: 0, searches: 0, dataCallbacks: 0 });
  expect(env.source.openSessions()).toBe(0);
  expect(env.source.registeredCallbacks()).toBe(0);
  await env.source.dispose();
});

describe('record search (FindFile_V40 / FindNextFile_V40)', () => {
  it('returns every file of a busy day across ISFINDING pauses, in time order, and closes the search', async () => {
    const files = await env.source.findRecords(login, 33, T('09:00:00'), T('12:00:00'), never);
    expect(files).toHaveLength(40);
    expect(files.map((f) => f.fileName)).toEqual(Array.from({ length: 40 }, (_, i) => `ch0033_${String(i).padStart(4, '0')}`));
    expect(formatWallTime(files[1]!.start)).toBe('2026-01-01 10:01:30');
    expect(formatWallTime(files[1]!.stop)).toBe('2026-01-01 10:02:30');
    expect(files[0]!.fileSize).toBeGreaterThan(200_000);
    expect(env.emu.get('searches')).toBe(0);
  });

  it('returns only the files overlapping the range, and an empty list when none', async () => {
    const files = await env.source.findRecords(login, 33, T('10:02:00'), T('10:04:00'), never);
    expect(files.map((f) => f.fileName)).toEqual(['ch0033_0001', 'ch0033_0002']);
    expect(await env.source.findRecords(login, 33, T('20:00:00'), T('21:00:00'), never)).toEqual([]);
  });

  it('answers 604 with the vendor code for an unknown channel', async () => {
    const e = await rejection(env.source.findRecords(login, 99, T('10:00:00'), T('11:00:00'), never));
    expect([e.code, e.vendorCode]).toEqual([604, 4]);
  });
});

describe('playback by time', () => {
  it('plays back, and a seek yields a discontinuity followed by a key frame from the new position', async () => {
    const out = new RecordingOutput();
    const session = (await env.source.openPlayback(login, 33, T('10:00:00'), T('10:01:00'), out, never)) as SeekableSession;
    onTestFinished(() => session.close());
    expect(env.emu.get('last_vod_size')).toBe(160);
    expect(env.emu.get('last_vod_stream_info_size')).toBe(72);
    expect(env.emu.get('last_vod_channel')).toBe(33);
    await waitFor(() => frames(out).filter((f) => f.track.kind === 'video').length >= 10, 10_000, 'playback frames');
    await session.seek(T('10:00:40'));
    const mark = out.events.length;
    await waitFor(() => out.of('raw').length > 0 && out.events.slice(mark).filter((e) => e.kind === 'raw').length > 10, 10_000, 'data after seek');
    // NEW_POS comes from the SDK's data thread, the seek's result from a koffi worker: either may arrive first.
    expect(out.of('discontinuity').map((d) => d.reason).sort()).toEqual(['playback repositioned', 'seek']);
    // Demux before and after the repositioning: timestamps follow the NVR's clock, 40 s apart, key frame first.
    const idx = out.events.findIndex((e) => e.kind === 'discontinuity' && e.reason === 'playback repositioned');
    const d = new PsDemuxer();
    const before = out.events.slice(0, idx).flatMap((e) => (e.kind === 'raw' ? d.push(e.data) : [])).filter((f) => f.track.kind === 'video');
    const after = out.events.slice(idx).flatMap((e) => (e.kind === 'raw' ? d.push(e.data) : [])).filter((f) => f.track.kind === 'video');
    // The demuxer completes frames in flight only when later data arrives: a couple of old frames come first.
    const jumped = after.filter((f) => f.dts - before[0]!.dts > 30_000);
    expect(after.length - jumped.length).toBeLessThanOrEqual(2);
    expect(jumped[0]!.key).toBe(true);
    expect(jumped[0]!.dts - before[0]!.dts).toBeGreaterThanOrEqual(38_000);
    expect(jumped[0]!.dts - before[0]!.dts).toBeLessThanOrEqual(40_500);
    expect(before[0]!.track).toMatchObject({ codec: 'h264', width: 640, height: 360 });
    await session.close();
    expect(env.emu.get('playback')).toBe(0);
  });

  it('ends the task (end()) when the recordings in range are played out, skipping the gap between files', async () => {
    const out = new RecordingOutput();
    const session = await env.source.openPlayback(login, 35, T('10:00:00'), T('10:00:10'), out, never);
    onTestFinished(() => session.close());
    await waitFor(() => out.of('end').length > 0, 20_000, 'end of playback');
    expect(out.of('end')).toHaveLength(1);
    expect(out.of('fail')).toEqual([]);
    const video = frames(out).filter((f) => f.track.kind === 'video');
    // 3 s + 2 s of 25 fps video; the second file starts 5 s after the first on the media timeline.
    expect(video.length).toBeGreaterThanOrEqual(110);
    for (let i = 1; i < video.length; i++) expect(video[i]!.dts).toBeGreaterThan(video[i - 1]!.dts);
    expect(video.at(-1)!.dts - video[0]!.dts).toBeGreaterThanOrEqual(6_000);
    await session.close();
  });

  it('answers 604 when the NVR refuses playback or nothing is recorded, 608 when it refuses a seek', async () => {
    const e = await rejection(env.source.openPlayback(login, 36, T('10:00:00'), T('10:01:00'), new RecordingOutput(), never));
    expect([e.code, e.vendorCode]).toEqual([604, 29]);
    const e2 = await rejection(env.source.openPlayback(login, 35, T('11:00:00'), T('11:01:00'), new RecordingOutput(), never));
    expect([e2.code, e2.vendorCode]).toEqual([604, 33]);
    const session = (await env.source.openPlayback(login, 37, T('10:00:00'), T('10:01:00'), new RecordingOutput(), never)) as SeekableSession;
    onTestFinished(() => session.close());
    const e3 = await rejection(session.seek(T('10:00:30')));
    expect([e3.code, e3.vendorCode]).toEqual([608, 29]);
    await session.close();
    expect(env.emu.openHandles().playback).toBe(0);
  });
});

describe('playback connection loss', () => {
  it('fails the playback task with 604 when the NVR connection drops (EXCEPTION_PLAYBACK)', async () => {
    const out = new RecordingOutput();
    const session = await env.source.openPlayback(login, 33, T('10:00:00'), T('10:01:00'), out, never);
    onTestFinished(() => session.close());
    await waitFor(() => out.of('raw').length > 3, 10_000, 'playback data');
    env.emu.drop(8100, 300);
    await waitFor(() => out.of('fail').length > 0, 10_000, 'playback failure');
    expect(out.of('fail')[0]!.error).toMatchObject({ code: 604, message: expect.stringContaining('playback connection to the NVR lost') });
    expect(out.of('end')).toEqual([]);
    await waitFor(() => env.emu.get('dropped_devices') === 0, 5000, 'device back');
    expect(out.of('fail')).toHaveLength(1);
  });
});

describe('PTZ (PTZControlWithSpeed_Other)', () => {
  it('starts and stops a move; the NVR sees the SDK code, the speed and the duration between start and stop', async () => {
    await env.source.ptz(login, 33, PtzCommand.PAN_LEFT, false, never);
    await new Promise((r) => setTimeout(r, 300));
    await env.source.ptz(login, 33, PtzCommand.PAN_LEFT, true, never);
    const lines = readFileSync(ptzLog, 'utf8').trim().split('\n').map((l) => l.split(' ').map(Number));
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => l.slice(2))).toEqual([[33, 23, 0, 4], [33, 23, 1, 4]]);
    expect(lines[1]![0]! - lines[0]![0]!).toBeGreaterThanOrEqual(250);
  });

  it('answers 609 with the vendor code when the channel has no PTZ or the NVR fails it', async () => {
    const e = await rejection(env.source.ptz(login, 34, PtzCommand.ZOOM_IN, false, never));
    expect([e.code, e.vendorCode]).toEqual([609, 23]);
    const e2 = await rejection(env.source.ptz(login, 37, PtzCommand.ZOOM_IN, false, never));
    expect([e2.code, e2.vendorCode]).toEqual([609, 29]);
  });
});
