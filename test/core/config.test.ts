import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFileFromArgs, loadConfig } from '../../core/config/load-config.js';
import { configSchema } from '../../core/config/schema.js';
import { REPO_ROOT } from '../support/service.js';

function tmpFile(text: string, ext = '.json5'): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-')), `c${ext}`);
  fs.writeFileSync(f, text);
  return f;
}

describe('config', () => {
  it('defaults validate and document every key with an env var', () => {
    const { config } = loadConfig({ env: {} });
    expect(config.heartbeat.timeoutMs).toBe(60_000);
    const walk = (node: Record<string, any>, prefix: string): void => {
      for (const [k, v] of Object.entries(node)) {
        if (v && typeof v === 'object' && 'doc' in v) {
          expect(typeof v.doc, `${prefix}${k}`).toBe('string');
          expect(v.env, `${prefix}${k}`).toMatch(/^NVR_PUSHER_[A-Z_]+$/);
        } else walk(v, `${prefix}${k}.`);
      }
    };
    walk(configSchema, '');
  });

  it('reads a JSON5 file, then env vars over it', () => {
    const f = tmpFile('{ // comment\n api: { port: 9001 }, heartbeat: { timeoutMs: 5000 } }');
    const { config, baseDir } = loadConfig({ file: f, env: { NVR_PUSHER_API_PORT: '9002' } });
    expect(config.api.port).toBe(9002);
    expect(config.heartbeat.timeoutMs).toBe(5000);
    expect(baseDir).toBe(path.dirname(f));
  });

  it.each([
    ['an unknown key', '{ api: { prot: 1 } }', /api\.prot.*not declared/],
    ['an invalid value', '{ api: { port: 70000 } }', /api\.port: ports must be within range/],
    ['a bad publish URL', '{ rtmp: { publishUrl: "http://x/live" } }', /rtmp\.publishUrl: must be an rtmp:\/\/ URL/],
    ['a bad plugin entry', '{ plugins: [{ modul: "./x" }] }', /plugins: \[0\]\.modul: unknown key/],
    ['broken JSON5', '{ api: ', /not valid JSON5/],
  ])('stops startup on %s with a message naming the key', (_n, text, message) => {
    expect(() => loadConfig({ file: tmpFile(text), env: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ file: tmpFile(text), env: {} })).toThrow(message);
  });

  it('never echoes plugin options (they may hold secrets) in errors', () => {
    expect(() => loadConfig({ overrides: { plugins: [{ module: './x', options: { password: 'hunter22' } }, { module: 5 }] }, env: {} })).toThrow(/plugins: \[1\]\.module/);
    try {
      loadConfig({ overrides: { plugins: [{ module: './x', options: { password: 'hunter22' } }, { module: 5 }] }, env: {} });
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter22');
    }
  });

  it('takes the file from --config, --config=, or NVR_PUSHER_CONFIG', () => {
    expect(configFileFromArgs(['--config', 'a.json5'], {})).toBe('a.json5');
    expect(configFileFromArgs(['--config=b.json5'], {})).toBe('b.json5');
    expect(configFileFromArgs([], { NVR_PUSHER_CONFIG: 'c.json5' })).toBe('c.json5');
    expect(configFileFromArgs([], {})).toBeUndefined();
    expect(() => configFileFromArgs(['--config'], {})).toThrow(/--config needs a file name/);
  });

  it('the shipped config/default.json5 is valid and comments every key it sets', () => {
    const file = path.join(REPO_ROOT, 'config/default.json5');
    const { config } = loadConfig({ file, env: {} });
    expect(config.rtmp.embedded).toBe(true);
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      const m = /^\s*([A-Za-z]\w*)\s*:/.exec(line);
      if (!m || /^\s*\/\//.test(line)) return;
      const prev = lines.slice(Math.max(0, i - 3), i).join('\n');
      expect(prev + line, `key ${m[1]} at line ${i + 1} needs a comment`).toMatch(/\/\//);
    });
  });
});
