import { describe } from 'vitest';
import { parseWallTime } from '@nvr-pusher/core/contracts';
import { SecretRegistry } from '../../../core/logging/secrets.js';
import { loadPlugins } from '../../../core/plugins/plugin-loader.js';
import { sourceConformance } from '../../../test/conformance/source-suite.js';
import { REPO_ROOT } from '../../../test/support/service.js';
import { hasGstRtspServer } from './support/gst-server.js';
import { PASSWORD, USER, startBed } from './support/fixture.js';

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return silent; } };
const gst = hasGstRtspServer();
if (!gst) console.log('onvif conformance: GStreamer RTSP server (gir1.2-gst-rtsp-server-1.0, python3-gi) not installed — skipped');

describe.runIf(gst)('onvif plugin against GStreamer RTSP + the ONVIF emulator', () => {
  sourceConformance({
    name: 'onvif',
    capabilities: { playback: true, seek: true, ptz: true },
    refusedChannel: 9,
    async setup() {
      const bed = await startBed();
      const reg = await loadPlugins([{ module: './plugins/onvif', options: {} }], {
        baseDir: REPO_ROOT, logger: silent, clock: { now: () => performance.now() }, secrets: new SecretRegistry(),
      });
      const creds = { category: 2, addr: '127.0.0.1', port: bed.onvif.port, user: USER, password: PASSWORD };
      return {
        source: reg.sourceFor(2)!.source,
        formats: reg.formats,
        credentials: creds,
        badCredentials: { ...creds, password: 'wrong-pass' },
        liveChannel: 1,
        recorded: { start: parseWallTime('2026-01-01 10:00:00')!, end: parseWallTime('2026-01-01 10:10:00')! },
        mediaTimeoutMs: 15_000,
        async teardown() {
          await reg.dispose(() => undefined);
          await bed.stop();
        },
      };
    },
  });
});
