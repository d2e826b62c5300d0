// The project's source conformance kit, run on the real plugin (loaded by the core's loader, real koffi binding)
// against the HCNetSDK emulator.
import { SecretRegistry } from '../../../core/logging/secrets.js';
import { loadPlugins } from '../../../core/plugins/plugin-loader.js';
import { parseWallTime } from '@nvr-pusher/core/contracts';
import { sourceConformance } from '../../../test/conformance/source-suite.js';
import { REPO_ROOT } from '../../../test/support/service.js';
import { buildEmulator, Emulator } from './support/emulator.js';
import { fixtureHikMedia } from './support/hik-media.js';
import { memoryLogger } from './support/logger.js';

sourceConformance({
  name: 'hikvision (emulated HCNetSDK)',
  capabilities: { playback: true, seek: true, ptz: true },
  refusedChannel: 34,
  async setup() {
    const media = fixtureHikMedia();
    const dir = await buildEmulator();
    const emu = new Emulator(dir);
    emu.configure({
      devices: [{
        port: 8300,
        users: [{ name: 'admin', password: 'good-pass' }],
        channels: [{ no: 33, media, ptz: true }, { no: 34, media, liveError: 83 }],
      }],
      records: [{ channel: 33, start: '2026-05-06 10:00:00', stop: '2026-05-06 10:10:00', file: media, name: 'conformance', size: 5000 }],
    });
    const reg = await loadPlugins([{ module: './plugins/hikvision', options: { sdkPath: dir } }], {
      baseDir: REPO_ROOT, logger: memoryLogger(), clock: { now: () => performance.now() }, secrets: new SecretRegistry(),
    });
    const creds = { category: 0, addr: '127.0.0.1', port: 8300, user: 'admin', password: 'good-pass' };
    return {
      source: reg.sourceFor(0)!.source,
      formats: reg.formats,
      credentials: creds,
      badCredentials: { ...creds, password: 'bad-pass' },
      liveChannel: 33,
      recorded: { start: parseWallTime('2026-05-06 10:00:00')!, end: parseWallTime('2026-05-06 10:10:00')! },
      teardown: async () => {
        await reg.dispose(() => undefined);
        if (emu.get('inited') !== 0) throw new Error('NET_DVR_Cleanup did not run');
      },
    };
  },
});
