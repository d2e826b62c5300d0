import { describe, expect, it } from 'vitest';
import { startService } from '../../core/service.js';
import { REPO_ROOT } from '../support/service.js';
import path from 'node:path';

/** Every shipped plugin loads into one process together (koffi type names are process-wide, categories unique). */
describe('the shipped default configuration', () => {
  it('loads every plugin side by side; vendor plugins without their SDK degrade to a clear 606', async () => {
    const lines: string[] = [];
    const svc = await startService({
      file: path.join(REPO_ROOT, 'config/default.json5'),
      overrides: { api: { port: 0 }, rtmp: { embedded: false } },
      env: {},
      logSink: (l) => { lines.push(l); },
    });
    try {
      const names = svc.service.plugins.loaded.map((p) => p.name);
      expect(names).toEqual(['simulator', 'hikvision', 'dahua', 'native-flv-sink', 'ffmpeg-sink']);
      for (const [category, vendor] of [[0, 'Hikvision'], [1, 'Dahua']] as const) {
        const res = await svc.app.inject({ method: 'POST', url: '/REAL_STREAM', payload: { nvr_category: category, nvr_addr: '192.0.2.1', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: 'pw-123456', nvr_channel: 1 } });
        expect(res.json().status_code).toBe(606);
        expect(res.json().status_message).toContain(vendor);
      }
      expect(lines.join('')).not.toContain('pw-123456');
    } finally {
      await svc.close();
    }
  });
});
