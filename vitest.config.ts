import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * `npm run test:unit`: pure logic and byte formats from fixtures — no servers, no child processes, no system
 * packages; seconds. Everything else is the `integration` project; `npm test` runs both.
 */
const UNIT = [
  'test/core/{config,contracts.types,login-pool,plugin-loader,secrets,small-parts,status-codes-doc,lint-boundary}.test.ts',
  'core/media/test/{annexb,bit-reader,pes-packet,ps-headers,ps-muxer,sps-fields,video-track-tracker}.test.ts',
  'plugins/*/test/format/**/*.test.ts',
  'plugins/*/test/sdk/error-codes.test.ts',
  'plugins/*/test/{dahua-source,hikvision-source,create-source,plugin}.test.ts',
  'plugins/ffmpeg-sink/test/{bounded-input,ffmpeg-args,key-frame-gate,redact,stderr-parser}.test.ts',
  'plugins/native-flv-sink/test/{config,flv-muxer,rtmp-url,timeline,audio-aac}.test.ts',
  'plugins/onvif/test/options.test.ts',
  'test/cluster/{lease-book,node-picker}.test.ts',
  'test/core/console-parts.test.ts',
  'test/play-check/play-check-format.test.ts',
];
const EXCLUDE = ['**/node_modules/**', '**/.work/**', '**/dist/**'];

export default defineConfig({
  resolve: {
    // Tests run the TypeScript sources; the package's `exports` name the compiled dist/ (tsconfig `paths` does the same for tsx).
    alias: [{ find: /^@nvr-pusher\/core\/(contracts|media|ffi|conformance)$/, replacement: `${root}/core/$1/index.ts` }],
  },
  test: {
    exclude: EXCLUDE,
    // koffi and child processes: separate processes, not worker threads.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      {
        extends: true,
        test: { name: 'integration', globalSetup: ['test/support/build-once.ts'], include: ['test/**/*.test.ts', 'core/**/*.test.ts', 'plugins/*/test/**/*.test.ts'], exclude: [...EXCLUDE, ...UNIT] },
      },
    ],
  },
});
