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
