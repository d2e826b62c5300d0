import { describe, expect, it } from 'vitest';
import { loadPlugins } from '../../core/plugins/plugin-loader.js';
import { SecretRegistry } from '../../core/logging/secrets.js';
import type { PluginEntry } from '../../core/config/schema.js';
import { REPO_ROOT } from '../support/service.js';

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return silent; } };
const deps = { baseDir: REPO_ROOT, logger: silent, clock: { now: () => performance.now() }, secrets: new SecretRegistry() };
const fx = (name: string, options?: Record<string, unknown>): PluginEntry => ({ module: `./test/fixtures/plugins/${name}`, options });

describe('plugin loader', () => {
  it('loads plugins in config order into a registry by category and name', async () => {
    const reg = await loadPlugins([fx('valid', { category: 51 }), { module: './plugins/simulator' }, fx('fake-sink')], deps);
    expect(reg.sourceFor(51)?.name).toBe('valid-fixture');
    expect(reg.sourceFor(99)?.name).toBe('simulator');
    expect([...reg.sinks.keys()]).toEqual(['fake-sink']);
    expect(reg.loaded.map((p) => p.name)).toEqual(['valid-fixture', 'simulator', 'fake-sink']);
    expect(reg.formats.get('h264')).toBeDefined();
    await reg.dispose(() => undefined);
  });

  it('resolves a bare name to the workspace package @nvr-pusher/plugin-<name>', async () => {
    const reg = await loadPlugins([{ module: 'simulator' }], deps);
    expect(reg.sourceFor(99)?.name).toBe('simulator');
    await reg.dispose(() => undefined);
  });

  it.each([
    ['reader listed first', ['format-reader', 'format-owner']],
    ['owner listed first', ['format-owner', 'format-reader']],
  ])('knows every listed plugin\'s formats before any plugin is created (%s)', async (_label, order) => {
    const reg = await loadPlugins(order.map((n) => fx(n)), deps);
    expect(reg.sourceFor(61)?.name).toBe('format-reader');
    expect(reg.formats.get('fixture-ps')).toBeDefined();
    expect(reg.loaded.map((p) => p.name)).toEqual(order);
    await reg.dispose(() => undefined);
  });

  it('skips entries with enabled: false', async () => {
    const reg = await loadPlugins([{ ...fx('throws-on-import'), enabled: false }, fx('fake-sink')], deps);
    expect(reg.loaded).toHaveLength(1);
  });

  it.each([
    ['throws-on-import', [fx('throws-on-import')], /plugin '.\/test\/fixtures\/plugins\/throws-on-import' cannot be imported: the vendor library is broken/],
    ['no-default-export', [fx('no-default-export')], /plugin '.\/test\/fixtures\/plugins\/no-default-export' has no default export/],
    ['bad-api-version', [fx('bad-api-version')], /plugin 'from-the-future' needs plugin API version 2; this core implements 1/],
    ['duplicate-category', [{ module: './plugins/simulator' }, fx('duplicate-category')], /plugin 'acme' declares nvr_category 99, already served by 'simulator'/],
    ['bad-config (unknown key)', [fx('bad-config', { bitrat: 5 })], /plugin 'picky' options are invalid: .*bitrat/],
    ['bad-config (wrong type)', [fx('bad-config', { bitrate: -5 })], /plugin 'picky' options are invalid: bitrate: must be a positive integer/],
    ['missing-capability', [fx('missing-capability')], /plugin 'no-ptz' declares capability 'ptz' but its source lacks ptz\(\)/],
    ['throws-on-create', [fx('throws-on-create')], /plugin 'no-sdk' failed to start: libhcnetsdk.so not found in \/opt\/sdk/],
    ['listed twice', [fx('fake-sink'), fx('fake-sink')], /plugin 'fake-sink' is listed twice/],
    ['missing path', [{ module: './plugins/nope' }], /plugin '.\/plugins\/nope' cannot be imported: no such file or directory/],
    ['unknown package', [{ module: 'no-such-plugin-xyz' }], /plugin 'no-such-plugin-xyz' cannot be imported: package not found/],
  ])('fails fast naming the plugin: %s', async (_name, entries, message) => {
    await expect(loadPlugins(entries, deps)).rejects.toThrow(message);
  });
});
