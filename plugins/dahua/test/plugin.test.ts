import { describe, expect, it } from 'vitest';
import { PusherError, StatusCode } from '@nvr-pusher/core/contracts';
import { SecretRegistry } from '../../../core/logging/secrets.js';
import { loadPlugins } from '../../../core/plugins/plugin-loader.js';
import { REPO_ROOT } from '../../../test/support/service.js';
import plugin, { libraryPath } from '../src/index.js';
import { toSdkChannel } from '../src/channel-map.js';
import { silentLogger } from './emulator/harness.js';

const deps = { baseDir: REPO_ROOT, logger: silentLogger, clock: { now: () => 0 }, secrets: new SecretRegistry() };

describe('dahua manifest and options', () => {
  it('declares a source for nvr_category 1 with live, playback, seek and PTZ, and registers the dhav format', () => {
    expect(plugin).toMatchObject({ name: 'dahua', apiVersion: 1, kind: 'source', capabilities: { live: true, playback: true, seek: true, ptz: true } });
    expect(plugin.formats!.map((f) => [f.name, f.ffmpegFormat])).toEqual([['dhav', 'dhav']]);
  });

  it('degrade: a missing library still loads, and every login answers 606 naming the problem', async () => {
    const reg = await loadPlugins([{ module: './plugins/dahua', options: { sdkPath: '/nonexistent/dahua', unavailable: 'degrade', categories: [1, 5] } }], deps);
    const s = reg.sourceFor(5)!.source;
    const e = (await s.login({ category: 5, addr: '10.0.0.1', port: 37777, user: 'u', password: 'p' }, new AbortController().signal).catch((x: unknown) => x)) as PusherError;
    expect(e.code).toBe(StatusCode.ERR_NVR_LOGIN);
    expect(e.message).toMatch(/^NVR login failed: Dahua SDK not available: cannot load \/nonexistent\/dahua\/libdhnetsdk\.so/);
    await reg.dispose(() => undefined);
  });

  it('fail (default): a missing library refuses startup with the path in the message', async () => {
    await expect(loadPlugins([{ module: './plugins/dahua', options: { sdkPath: '/nonexistent/dahua' } }], deps)).rejects.toThrow(/cannot load \/nonexistent\/dahua\/libdhnetsdk\.so/);
  });

  it('refuses unknown or invalid options', async () => {
    await expect(loadPlugins([{ module: './plugins/dahua', options: { streamType: 'third' } }], deps)).rejects.toThrow(/streamType/);
    await expect(loadPlugins([{ module: './plugins/dahua', options: { ptzSpeed: 9 } }], deps)).rejects.toThrow(/ptzSpeed/);
    await expect(loadPlugins([{ module: './plugins/dahua', options: { colour: 'red' } }], deps)).rejects.toThrow(/colour/);
  });

  it('resolves a relative sdkPath against the config directory', () => {
    expect(libraryPath({ sdkPath: 'vendor/dahua', libraryName: 'libdhnetsdk.so' }, '/etc/nvr-pusher')).toBe('/etc/nvr-pusher/vendor/dahua/libdhnetsdk.so');
    expect(libraryPath({ sdkPath: '', libraryName: 'libdhnetsdk.so' }, '/x')).toBe('libdhnetsdk.so');
  });
});

describe('channel base (nvr_channel → 0-based SDK channel)', () => {
  it.each([
    [1, 1, 16, 0],
    [16, 1, 16, 15],
    [0, 0, 16, 0],
    [33, 33, 8, 0],
  ])('nvr_channel %i with channelBase %i on a %i-channel NVR is SDK channel %i', (nvr, base, count, sdk) => {
    expect(toSdkChannel(nvr, base, count)).toBe(sdk);
  });
  it.each([
    [0, 1, 16],
    [17, 1, 16],
    [1.5, 1, 16],
  ])('nvr_channel %s with channelBase %i on a %i-channel NVR is refused with 600', (nvr, base, count) => {
    expect(() => toSdkChannel(nvr, base, count)).toThrow(expect.objectContaining({ code: 600, field: 'nvr_channel' }));
  });
});
