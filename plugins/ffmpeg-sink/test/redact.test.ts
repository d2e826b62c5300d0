import { describe, expect, it } from 'vitest';
import { redactArgs, redactUrls, urlSecrets } from '../src/redact.js';

describe('redaction', () => {
  // prettier-ignore
  const cases = [
    { name: 'userinfo', text: "Output #0, flv, to 'rtmp://admin:secret@10.0.0.1/live/k':", value: "Output #0, flv, to 'rtmp://***@10.0.0.1/live/k':" },
    { name: 'query tokens', text: 'rtmp://srs:1935/live/k?secret=abc123&vhost=x', value: 'rtmp://srs:1935/live/k?secret=***&vhost=***' },
    { name: 'both, twice', text: 'a rtsp://u:p@h/x?t=1 b rtmp://h/a?k=v', value: 'a rtsp://***@h/x?t=*** b rtmp://h/a?k=***' },
    { name: 'no secret', text: 'rtmp://127.0.0.1:1935/live/key', value: 'rtmp://127.0.0.1:1935/live/key' },
  ];
  for (const c of cases) it(c.name, () => expect(redactUrls(c.text)).toBe(c.value));

  it('masks an argument list', () => {
    const line = redactArgs(['-i', 'pipe:0', '-f', 'flv', 'rtmp://user:pw1234@srs/live/k?token=s3cr3t']);
    expect(line).toBe('-i pipe:0 -f flv rtmp://***@srs/live/k?token=***');
    expect(line).not.toMatch(/pw1234|s3cr3t/);
  });

  it('lists the secrets a URL carries, for the host redactor', () => {
    expect(urlSecrets('rtmp://user:pw%231234@srs/live/k?token=s3cr3t&x=1')).toEqual(['pw#1234', 's3cr3t']);
    expect(urlSecrets('rtmp://srs/live/k')).toEqual([]);
  });
});
