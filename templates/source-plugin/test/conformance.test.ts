import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPluginForTest, sourceConformance } from '@nvr-pusher/core/conformance';

const pluginDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const credentials = { category: 7, addr: '127.0.0.1', port: 8000, user: 'admin', password: 'demo-pass' };

// Loads the built plugin (dist/, `npm run build` first) through the service's own loader, then runs the kit.
sourceConformance({
  name: 'acme',
  capabilities: {},
  async setup() {
    const loaded = await loadPluginForTest(pluginDir);
    return {
      source: loaded.sourceFor(7)!,
      formats: loaded.formats,
      credentials,
      badCredentials: { ...credentials, password: 'not-the-pass' },
      liveChannel: 1,
      teardown: () => loaded.dispose(),
    };
  },
});

describe('acme options', () => {
  it('a bad option stops loading with a message naming it', async () => {
    await expect(loadPluginForTest(pluginDir, { category: -1 })).rejects.toThrow(/plugin 'acme' options are invalid: category/);
  });
});
