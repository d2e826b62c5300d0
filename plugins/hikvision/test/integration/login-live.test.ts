/**
 * The real plugin + koffi binding against the emulator library: init, logins, live, connection drop, leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PsDemuxer } from '@nvr-pusher/core/media';
import type { MediaFrame } from '@nvr-pusher/core/contracts';
import { fixtureHikMedia } from '../support/hik-media.js';
import { never, startEmulatedPlugin, waitFor, type EmulatedPlugin } from '../support/emulated-plugin.js';
import { RecordingOutput } from '../support/recording-output.js';
import { rejection } from '../support/rejection.js';
import { closedPort } from '../../../../test/support/login-servers.js';

const creds = (port: number, password = 'pw-1234', user = 'admin') => ({ category: 0, addr: '127.0.0.1', port, user, password });
let env: EmulatedPlugin;


beforeAll(async () => {
  const media = fixtureHikMedia();
  env = await startEmulatedPlugin({
    chunkMax: 4096,
    devices: [
      { port: 8000, users: [{ name: 'admin', password: 'pw-1234' }], channels: [{ no: 33, media }, { no: 34, media, liveError: 83 }] },
      { port: 8001, lockAfter: 3, lockSeconds: 600, users: [{ name: 'admin', password: 'pw-1234' }], channels: [{ no: 33, media }] },
      { port: 8002, users: [{ name: 'admin', password: 'pw-1234' }], channels: [{ no: 33, media }] },
    ],
  }, { connectTimeoutMs: 2500, reconnectIntervalMs: 7000, streamType: 'sub', linkMode: 'udp' });
});
afterAll(async () => {
  await env?.source.dispose();
  expect(env.emu.get('inited')).toBe(0); // NET_DVR_Cleanup ran
});

describe('SDK initialisation', () => {
  it('set the SDK path, connect time and reconnect interval before/after NET_DVR_Init', () => {
    expect(env.emu.get('inited')).toBe(1);
    expect(env.emu.getString('sdk_path')).toBe(env.emu.dir);
    expect(env.emu.get('connect_wait_ms')).toBe(2500);
    expect(env.emu.get('reconnect_interval_ms')).toBe(7000);
    expect(env.emu.get('reconnect_enabled')).toBe(1);
    expect(env.emu.get('exception_callback')).toBe(1);
  });
});

describe('login through NET_DVR_Login_V40', () => {
  it('logs in synchronously and logs out', async () => {
    const login = await env.source.login(creds(8000), never);
    expect(login.id).toBe('admin@127.0.0.1:8000#0');
    expect(env.emu.get('last_login_port')).toBe(8000);
    expect(env.emu.get('last_login_async')).toBe(0);
    expect(env.emu.get('logins')).toBe(1);
    await env.source.logout(login);
    expect(env.emu.get('logins')).toBe(0);
  });

  it('answers 606 "Hikvision error 1" for a wrong password and never logs the password', async () => {
    const e = await rejection(env.source.login(creds(8000, 'wrong-secret'), never));
    expect(e.code).toBe(606);
    expect(e.vendorCode).toBe(1);
    expect(e.message).toBe('NVR login failed: wrong user name or password (Hikvision error 1)');
    expect(env.logs.join('\n')).not.toContain('wrong-secret');
  });

  it('counts down attempts and then answers 153 (locked), even for the right password', async () => {
    const e1 = await rejection(env.source.login(creds(8001, 'bad'), never));
    expect(e1.message).toContain('2 attempt(s) left');
    await rejection(env.source.login(creds(8001, 'bad'), never));
    const e3 = await rejection(env.source.login(creds(8001, 'bad'), never));
    expect([e3.code, e3.vendorCode]).toEqual([606, 153]);
    expect(e3.message).toMatch(/locked after too many wrong passwords, unlocks in 600 s \(Hikvision error 153\)/);
    const e4 = await rejection(env.source.login(creds(8001), never));
    expect(e4.vendorCode).toBe(153);
  });

  it('answers 606 "Hikvision error 7" with the SDK\'s own message when nothing listens at the address', async () => {
    const e = await rejection(env.source.login(creds(await closedPort()), never));
    expect([e.code, e.vendorCode]).toEqual([606, 7]);
    expect(e.message).toMatch(/failed to connect to the device .*\(SDK: Failed to connect to the device\. The device is off-line/);
  });
});

describe('live through NET_DVR_RealPlay_V40', () => {
  it('delivers SYSHEAD then PS that the PS demuxer turns into 640x360 H.264 frames, with the configured preview info', async () => {
    const login = await env.source.login(creds(8000), never);
    const out = new RecordingOutput();
    const session = await env.source.openLive(login, 33, out, never);
    expect(env.emu.get('last_preview_channel')).toBe(33);
    expect(env.emu.get('last_preview_stream_type')).toBe(1);
    expect(env.emu.get('last_preview_link_mode')).toBe(1);
    expect(env.emu.get('last_preview_hwnd')).toBe(0);
    const demux = new PsDemuxer();
    const frames: MediaFrame[] = [];
    let fed = 0;
    await waitFor(() => {
      for (const e of out.of('raw').slice(fed)) frames.push(...demux.push(e.data));
      fed = out.of('raw').length;
      return frames.filter((f) => f.track.kind === 'video').length >= 30;
    }, 15_000, '30 video frames');
    const first = out.of('raw')[0]!;
    expect(first.format).toBe('hik-ps');
    expect(Buffer.from(first.data.subarray(0, 4)).toString('latin1')).toBe('IMKH');
    expect(first.data.length).toBe(40);
    expect(out.of('raw').slice(1).every((e) => e.data.length <= 4096)).toBe(true); // emulator chunking
    const video = frames.filter((f) => f.track.kind === 'video');
    expect(video[0]!.key).toBe(true);
    expect(video[0]!.track).toMatchObject({ codec: 'h264', width: 640, height: 360 });
    expect(frames.some((f) => f.track.kind === 'audio' && f.track.codec === 'pcma')).toBe(true);
    for (let i = 1; i < video.length; i++) expect(video[i]!.dts).toBeGreaterThan(video[i - 1]!.dts);
    await session.close();
    await env.source.logout(login);
    expect(env.emu.openHandles()).toEqual({ logins: 0, live: 0, playback: 0, searches: 0, dataCallbacks: 0 });
  });

  it('answers 603 with the vendor code when the channel is refused or unknown', async () => {
    const login = await env.source.login(creds(8000), never);
    const e = await rejection(env.source.openLive(login, 34, new RecordingOutput(), never));
    expect([e.code, e.vendorCode]).toEqual([603, 83]);
    const e2 = await rejection(env.source.openLive(login, 77, new RecordingOutput(), never));
    expect([e2.code, e2.vendorCode]).toEqual([603, 4]);
    await env.source.logout(login);
    expect(env.emu.openHandles().live).toBe(0);
  });

  it('reports reconnecting then resumed when the NVR connection drops and comes back; data flows again', async () => {
    const login = await env.source.login(creds(8002), never);
    const out = new RecordingOutput();
    const session = await env.source.openLive(login, 33, out, never);
    await waitFor(() => out.of('raw').length > 5, 10_000, 'first data');
    env.emu.drop(8002, 600);
    await waitFor(() => out.of('state').some((s) => s.state === 'resumed'), 10_000, 'resumed');
    expect(out.of('state').map((s) => s.state)).toEqual(['reconnecting', 'resumed']);
    const before = out.of('raw').length;
    await waitFor(() => out.of('raw').length > before + 5, 10_000, 'data after resume');
    // The SDK re-sent its header after the reconnect: the timeline break is reported.
    expect(out.of('discontinuity').length).toBeGreaterThanOrEqual(1);
    await session.close();
    await env.source.logout(login);
  });

  it('when the NVR stops sending (no exception), nothing is invented; when data returns the break is reported', async () => {
    const login = await env.source.login(creds(8002), never);
    const out = new RecordingOutput();
    const session = await env.source.openLive(login, 33, out, never);
    await waitFor(() => out.of('raw').length > 5, 10_000, 'first data');
    env.emu.pause(8002, 33, true);
    await new Promise((r) => setTimeout(r, 400)); // lets the pack in flight (a few chunks) arrive
    const stalled = out.events.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(out.events.length).toBe(stalled); // the core's silence timeout owns this case
    expect(out.of('state')).toEqual([]);
    env.emu.pause(8002, 33, false);
    await waitFor(() => out.events.length > stalled + 5, 10_000, 'data again');
    expect(out.events.slice(stalled).some((e) => e.kind === 'discontinuity')).toBe(true);
    await session.close();
    await env.source.logout(login);
  });

  it('leaves no SDK handle and no registered callback behind after many sessions', async () => {
    const login = await env.source.login(creds(8000), never);
    const sessions = await Promise.all([33, 33, 33].map(() => env.source.openLive(login, 33, new RecordingOutput(), never)));
    expect(env.emu.openHandles().live).toBe(3);
    expect(env.emu.openHandles().dataCallbacks).toBe(3);
    expect(env.source.registeredCallbacks()).toBe(3);
    await Promise.all(sessions.map((s) => s.close()));
    expect(env.source.registeredCallbacks()).toBe(0);
    await env.source.logout(login);
    expect(env.emu.openHandles()).toEqual({ logins: 0, live: 0, playback: 0, searches: 0, dataCallbacks: 0 });
    expect(env.source.openSessions()).toBe(0);
  });
});
