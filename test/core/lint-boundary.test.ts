/** `npm run lint` enforces the plugin boundary: a plugin imports only @nvr-pusher/core/{contracts,media,ffi}. */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/service.js';

const eslint = new ESLint({ cwd: REPO_ROOT });
const lint = async (file: string, code: string) =>
  (await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) }))[0]!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line);

describe('lint: plugin import boundary', () => {
  const code = [
    "import { definePlugin } from '@nvr-pusher/core/contracts';",
    "import { PsDemuxer } from '@nvr-pusher/core/media';",
    "import { SecretRegistry } from '../../../core/logging/secrets.js';",
    "import { loadPlugins } from '@nvr-pusher/core/plugins/plugin-loader.js';",
    "import dahua from '@nvr-pusher/plugin-dahua';",
    "import { toSdkChannel } from '../../dahua/src/channel-map.js';",
    'export { definePlugin, PsDemuxer, SecretRegistry, loadPlugins, dahua, toSdkChannel };',
  ].join('\n');

  it('flags core internals and other plugins in plugin sources, not the public entry points', async () => {
    expect(await lint('plugins/acme/src/index.ts', code)).toEqual([3, 4, 5, 6]);
  });

  it('applies to the plugin template too, and not to the core itself', async () => {
    expect(await lint('templates/source-plugin/src/x.ts', code)).toEqual([3, 4, 5, 6]);
    expect(await lint('core/plugins/x.ts', code)).toEqual([]);
  });
});
