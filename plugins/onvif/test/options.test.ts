import { describe, expect, it } from 'vitest';
import { SecretRegistry } from '../../../core/logging/secrets.js';
import { loadPlugins } from '../../../core/plugins/plugin-loader.js';
import { REPO_ROOT } from '../../../test/support/service.js';
import { deviceSettings, type OnvifOptions } from '../src/options.js';
import { fillTemplate, schemeTime } from '../src/url-template.js';
import { replayRange } from '../src/playback.js';
import { parseWallTime } from '@nvr-pusher/core/contracts';

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return silent; } };
const load = (options: Record<string, unknown>) => loadPlugins([{ module: './plugins/onvif', options }], {
  baseDir: REPO_ROOT, logger: silent, clock: { now: () => performance.now() }, secrets: new SecretRegistry(),
});

describe('onvif options', () => {
  it('defaults serve category 2 in ONVIF mode', async () => {
    const reg = await load({});
    expect(reg.sourceFor(2)).toBeDefined();
    await reg.dispose(() => undefined);
  });

  it('bad options stop startup naming the key', async () => {
    await expect(load({ liveUrl: 'http://cam/x' })).rejects.toThrow(/liveUrl: must start with rtsp:\/\//);
    await expect(load({ liveUrl: 'rtsp://{addr}/{chanel}' })).rejects.toThrow(/unknown placeholder \{chanel\}/);
    await expect(load({ liveUrl: 'rtsp://admin:pw@{addr}/x' })).rejects.toThrow(/must not carry credentials/);
    await expect(load({ playback: 'axis' })).rejects.toThrow(/playback/);
    await expect(load({ ptzSpeed: 2 })).rejects.toThrow(/ptzSpeed: must be a number in \(0, 1\]/);
    await expect(load({ devices: [{ addr: '10.0.0.5', liveURL: 'rtsp://x' }] })).rejects.toThrow(/failed to start: devices: \[0\] \(10\.0\.0\.5\): unknown key "liveURL"/);
    await expect(load({ devices: [{ addr: '10.0.0.5', port: 554, playback: 'x' }] })).rejects.toThrow(/devices: \[0\] \(10\.0\.0\.5\): playback must be one of/);
    await expect(load({ devices: [{ port: 554 }] })).rejects.toThrow(/devices: \[0\]\.addr must be the device address/);
  });

  it('a device entry overrides the plugin options; one naming the port wins', () => {
    const o = {
      liveUrl: '', playback: 'onvif', ptz: true,
      devices: [{ addr: '10.0.0.5', port: 8554, liveUrl: 'rtsp://{addr}:{port}/b' }, { addr: '10.0.0.5', liveUrl: 'rtsp://{addr}:{port}/a', playback: 'hikvision' }],
    } as unknown as OnvifOptions;
    expect(deviceSettings(o, '10.0.0.5', 554)).toMatchObject({ liveUrl: 'rtsp://{addr}:{port}/a', playback: 'hikvision' });
    expect(deviceSettings(o, '10.0.0.5', 8554)).toMatchObject({ liveUrl: 'rtsp://{addr}:{port}/b', playback: 'onvif' });
    expect(deviceSettings(o, '10.0.0.6', 554)).toMatchObject({ liveUrl: '', playback: 'onvif' });
  });
});

describe('URL templates', () => {
  const t = parseWallTime('2026-03-01 08:05:09')!;

  it('fills placeholders, URL-encodes values and brackets IPv6 hosts', () => {
    expect(fillTemplate('rtsp://{addr}:{port}/Streaming/Channels/{channel}01', { addr: '10.0.0.5', port: 554, channel: 3 })).toBe('rtsp://10.0.0.5:554/Streaming/Channels/301');
    expect(fillTemplate('rtsp://{addr}/ch{channel0}', { addr: 'fe80::1', port: 554, channel: 1 })).toBe('rtsp://[fe80::1]/ch0');
    expect(fillTemplate('rtsp://{addr}/p?s={start}', { addr: 'cam', port: 1, channel: 1, start: 'a b&c' })).toBe('rtsp://cam/p?s=a%20b%26c');
  });

  it('writes times the way each playback scheme reads them', () => {
    expect(schemeTime('hikvision', t)).toBe('20260301T080509Z');
    expect(schemeTime('dahua', t)).toBe('2026_03_01_08_05_09');
    expect(schemeTime('onvif', t)).toBe('2026-03-01T08:05:09Z');
  });

  it('ONVIF replay ranges are UTC: the device\'s offset is taken off the wall time', () => {
    expect(replayRange({ timeZoneOffsetMinutes: 480 }, t, t + 60_000)).toBe('clock=20260301T000509Z-20260301T000609Z');
    expect(replayRange({ timeZoneOffsetMinutes: -300 }, t, t)).toBe('clock=20260301T130509Z-20260301T130509Z');
  });
});
