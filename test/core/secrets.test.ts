import { describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logging/logger.js';
import { SecretRegistry } from '../../core/logging/secrets.js';

describe('secret redaction in logs', () => {
  it('masks registered secrets, URL userinfo and password fields in every line', () => {
    const lines: string[] = [];
    const secrets = new SecretRegistry();
    const log = createLogger('info', secrets, (l) => lines.push(l));
    secrets.add('Sup3r"Secret');
    log.info({ url: 'rtsp://admin:hunter22@10.0.0.1:554/ch1' }, 'opening');
    log.warn('SDK said: login with password Sup3r"Secret refused');
    log.info({ nvr_pwd: 'abc123', credentials: { password: 'xyz789' }, args: ['-i', 'rtmp://u:p4ss@h/app'] }, 'request');
    const all = lines.join('');
    expect(all).not.toMatch(/hunter22|Sup3r|abc123|xyz789|p4ss/);
    expect(all).toContain('rtsp://admin:***@10.0.0.1:554/ch1');
    expect(all).toContain('login with password *** refused');
    expect(all).toContain('rtmp://u:***@h/app');
  });

  it('ignores secrets too short to mask safely (structured fields still are)', () => {
    const secrets = new SecretRegistry();
    secrets.add('12');
    expect(secrets.redact('channel 12')).toBe('channel 12');
  });
});
