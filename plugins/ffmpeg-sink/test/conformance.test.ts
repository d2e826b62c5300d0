/** The sink conformance kit (test/conformance/sink-suite.ts) run against the ffmpeg sink. */
import { sinkConformance } from '../../../test/conformance/sink-suite.js';
import { createSink } from './support/sink.js';

sinkConformance({
  name: 'ffmpeg-sink',
  async create() {
    // 32 KiB probe: the kit's clips are short and video-only (~34 kB/s), the default 128 KiB would eat 4 s.
    const sink = await createSink({ probeSizeBytes: 32 * 1024, closeGraceMs: 1000, killGraceMs: 1000 });
    return { sink, teardown: () => sink.dispose() };
  },
});
