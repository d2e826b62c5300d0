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

describe('one masking policy: a secret is masked where it stands as a value, never inside other words', () => {
  const setup = () => {
    const lines: string[] = [];
    const secrets = new SecretRegistry();
    return { lines, secrets, log: createLogger('info', secrets, (l) => lines.push(l)) };
  };

  it('a 3-letter password: masked as a JSON value, URL userinfo, query value and whole word; "Too many bits" untouched', () => {
    const { lines, secrets, log } = setup();
    secrets.add('any');
    log.warn({ sdk: 'any', url: 'rtsp://admin:any@10.0.0.1/ch1', probe: 'http://h/x?user=admin&pass=any&ch=1' }, 'login any refused; Too many bits, company anyway');
    const line = lines.join('');
    expect(line).toContain('"sdk":"***"');
    expect(line).toContain('rtsp://admin:***@10.0.0.1/ch1');
    expect(line).toContain('pass=***&ch=1');
    expect(line).toContain('login *** refused; Too many bits, company anyway');
    expect(line).not.toMatch(/[^a-z]any[^a-z]/);
  });

  it('a ?token= publish URL registered from config is masked wherever the core logs it, alone or in a URL', () => {
    const { lines, secrets, log } = setup();
    secrets.addUrl('rtmp://srs.example:1935/live?token=Tk9x7&vhost=edge');
    log.info({ url: 'rtmp://srs.example:1935/live/live-1-ab12?token=Tk9x7&vhost=edge' }, 'publishing');
    log.info({ token: 'Tk9x7' }, 'again');
    log.info('server said Tk9x7 is wrong');
    const all = lines.join('');
    expect(all).not.toContain('Tk9x7');
    expect(all).toContain('live-1-ab12?token=***&vhost=edge');
    expect(all).toContain('server said *** is wrong');
  });

  it('credential-named query parameters are masked even when nobody registered them; other parameters stay', () => {
    const { secrets } = setup();
    expect(secrets.redact('rtmp://h/live/k?secret=s3&txSecret=abcd&vhost=v1')).toBe('rtmp://h/live/k?secret=***&txSecret=***&vhost=v1');
  });

  it('JSON-escaped and URL-encoded forms of a secret are masked too', () => {
    const { secrets } = setup();
    secrets.add('p@ss"w0rd');
    expect(secrets.redact('{"a":"p@ss\\"w0rd"} rtmp://u:p%40ss%22w0rd@h/')).toBe('{"a":"***"} rtmp://u:***@h/');
  });

  it('errors are logged as { err } objects: message and stack survive, secrets inside them are masked', () => {
    const { lines, secrets, log } = setup();
    secrets.add('hunter2');
    log.error({ err: new Error('login hunter2 refused') }, 'login failed');
    const rec = JSON.parse(lines[0]);
    expect(rec.err.message).toBe('login *** refused');
    expect(rec.err.stack).toMatch(/secrets\.test\.ts/);
  });
});
