import { describe, expect, it } from 'vitest';
import { SecretRegistry } from '../../../core/logging/secrets.js';
import { loadPlugins } from '../../../core/plugins/plugin-loader.js';
import { parseWallTime } from '@nvr-pusher/core/contracts';
import { sourceConformance } from '../../../test/conformance/source-suite.js';
import { REPO_ROOT } from '../../../test/support/service.js';

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return silent; } };

sourceConformance({
  name: 'simulator',
  capabilities: { playback: true, seek: true, ptz: true },
  refusedChannel: 7,
  async setup() {
    const reg = await loadPlugins([{ module: './plugins/simulator', options: { password: 'good-pass', refuseChannels: [7] } }], {
      baseDir: REPO_ROOT, logger: silent, clock: { now: () => performance.now() }, secrets: new SecretRegistry(),
    });
    const creds = { category: 99, addr: '127.0.0.1', port: 8000, user: 'admin', password: 'good-pass' };
    return {
      source: reg.sourceFor(99)!.source,
      formats: reg.formats,
      credentials: creds,
      badCredentials: { ...creds, password: 'bad-pass' },
      liveChannel: 1,
      recorded: { start: parseWallTime('2020-01-01 10:00:00')!, end: parseWallTime('2020-01-01 10:30:00')! },
      teardown: () => reg.dispose(() => undefined),
    };
  },
});

describe('simulator options', () => {
  const load = (options: Record<string, unknown>) => loadPlugins([{ module: './plugins/simulator', options }], {
    baseDir: REPO_ROOT, logger: silent, clock: { now: () => performance.now() }, secrets: new SecretRegistry(),
  });

  it('channels override the demo channels key by key; demoChannels: false removes them', async () => {
    const reg = await load({ channels: { '2': { video: 'fixtures:h265-640x360-25fps.h265' } }, demoChannels: false });
    await reg.dispose(() => undefined);
    const reg2 = await load({ channels: { '9': { video: 'fixtures:h265-640x360-25fps.h265', frameRate: 25 } } });
    await reg2.dispose(() => undefined);
  });

  it('a bad channel map stops startup naming the key', async () => {
    await expect(load({ channels: { x: { video: 'a.h264' } } })).rejects.toThrow(/plugin 'simulator' failed to start: channels: channel key "x" must be a number/);
    await expect(load({ channels: { '4': { video: 'a.h264', fps: 3 } } })).rejects.toThrow(/channels: channel 4: unknown key "fps"/);
    await expect(load({ channels: { '4': { video: 'missing.h264' } } })).rejects.toThrow(/simulator media .*missing\.h264 cannot be read/);
  });
});
