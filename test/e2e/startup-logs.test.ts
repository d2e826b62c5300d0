/**
 * What an operator sees on a first start with config/default.json5 (the vendor SDKs absent, ffmpeg-sink loaded
 * but not selected, the embedded node-media-server on): JSON records only, no error, one warn per absent SDK,
 * nothing about ffmpeg above info.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../core/service.js';
import { freePort } from '../support/ports.js';
import { REPO_ROOT } from '../support/service.js';

describe('startup logs with the default config', () => {
  let svc: RunningService | undefined;
  afterAll(async () => { await svc?.close(); });

  it('are JSON records: no error, one warn for each absent SDK, no ffmpeg warning, node-media-server included', async () => {
    const lines: string[] = [];
    const [api, rtmp, http] = [await freePort(), await freePort(), await freePort()];
    svc = await startService({
      file: path.join(REPO_ROOT, 'config/default.json5'),
      overrides: { api: { port: api }, rtmp: { publishUrl: `rtmp://127.0.0.1:${rtmp}/live`, embeddedHttpPort: http }, log: { level: 'debug' } },
      env: {},
      logSink: (l) => { lines.push(l); },
    });
    await svc.close();
    const records = lines.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string; plugin?: string; component?: string });
    expect(records.filter((r) => r.level >= 50)).toEqual([]);
    const warns = records.filter((r) => r.level === 40);
    expect(warns.map((r) => r.plugin).sort()).toEqual(['dahua', 'hikvision']);
    expect(records.filter((r) => /ffmpeg/i.test(r.msg) && r.level >= 40)).toEqual([]);
    expect(records.some((r) => r.component === 'node-media-server' && /Node-Media-Server v\d/.test(r.msg))).toBe(true);
    expect(records.some((r) => r.msg === 'nvr-pusher ready')).toBe(true);
  }, 60_000);
});
