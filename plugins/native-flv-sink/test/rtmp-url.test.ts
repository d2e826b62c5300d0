import { describe, expect, it } from 'vitest';
import { parseRtmpUrl } from '../src/rtmp-url.js';

describe('parseRtmpUrl', () => {
  const cases = [
    { url: 'rtmp://srs.example:1935/live/cam1', app: 'live', tcUrl: 'rtmp://srs.example:1935/live', streamName: 'cam1', port: 1935, host: 'srs.example' },
    { url: 'rtmp://10.0.0.5/live/cam1?secret=abc&x=1', app: 'live', tcUrl: 'rtmp://10.0.0.5:1935/live', streamName: 'cam1?secret=abc&x=1', port: 1935, host: '10.0.0.5' },
    { url: 'rtmp://h:19350/app/inst/key', app: 'app/inst', tcUrl: 'rtmp://h:19350/app/inst', streamName: 'key', port: 19350, host: 'h' },
    { url: 'rtmp://[::1]:1936/live/k', app: 'live', tcUrl: 'rtmp://[::1]:1936/live', streamName: 'k', port: 1936, host: '::1' },
  ];
  for (const c of cases) it(c.url, () => expect(parseRtmpUrl(c.url)).toEqual({ host: c.host, port: c.port, app: c.app, tcUrl: c.tcUrl, streamName: c.streamName }));
  it('refuses URLs without app and key, other schemes, junk (600 naming rtmp_url)', () => {
    for (const u of ['rtmp://h/live', 'http://h/live/k', 'not a url']) expect(() => parseRtmpUrl(u)).toThrow(expect.objectContaining({ code: 600, field: 'rtmp_url' }));
  });
});
