// The project's source conformance kit, run on the real plugin (loaded by the core's loader) against the emulator.
import { SecretRegistry } from '../../../core/logging/secrets.js';
import { loadPlugins } from '../../../core/plugins/plugin-loader.js';
import { parseWallTime } from '@nvr-pusher/core/contracts';
import { sourceConformance } from '../../../test/conformance/source-suite.js';
import { REPO_ROOT } from '../../../test/support/service.js';
import { EMULATOR_LIBRARY_NAME, silentLogger, startEmulator } from './emulator/harness.js';
import { dhavFixture } from './tools/media-fixtures.js';

sourceConformance({
  name: 'dahua (emulated dhnetsdk)',
  capabilities: { playback: true, seek: true, ptz: true },
  refusedChannel: 2,
  async setup() {
    const media = await dhavFixture('h264');
    const emu = await startEmulator(`
pace 4
device 127.0.0.9 37777 2
user admin good-pass
live 0 ${media.file}
refuse_live 1
record 0 2024-05-06 10:00:00 2024-05-06 10:10:00 5000 conformance ${media.file}
`);
    const reg = await loadPlugins([{ module: './plugins/dahua', options: { sdkPath: emu.dir, libraryName: EMULATOR_LIBRARY_NAME } }], {
      baseDir: REPO_ROOT, logger: silentLogger, clock: { now: () => performance.now() }, secrets: new SecretRegistry(),
    });
    const creds = { category: 1, addr: '127.0.0.9', port: 37777, user: 'admin', password: 'good-pass' };
    return {
      source: reg.sourceFor(1)!.source,
      formats: reg.formats,
      credentials: creds,
      badCredentials: { ...creds, password: 'bad-pass' },
      liveChannel: 1,
      recorded: { start: parseWallTime('2024-05-06 10:00:00')!, end: parseWallTime('2024-05-06 10:10:00')! },
      teardown: async () => {
        await reg.dispose(() => undefined);
        emu.cleanup();
      },
    };
  },
});
