/** The sink conformance kit (test/conformance/sink-suite.ts) run against native-flv-sink, built by its manifest. */
import { sinkConformance } from '../../../test/conformance/sink-suite.js';
import plugin from '../src/index.js';
import { silentLogger } from './support/media.js';

sinkConformance({
  name: 'native-flv-sink',
  async create() {
    const sink = await plugin.create({
      options: {} as never,
      logger: silentLogger,
      clock: { now: () => performance.now() },
      formats: { get: () => undefined },
      registerSecret: () => undefined,
      baseDir: process.cwd(),
    });
    return { sink, teardown: async () => undefined };
  },
});
