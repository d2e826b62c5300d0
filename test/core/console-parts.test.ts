import { describe, expect, it } from 'vitest';
import { httpFlvBase, httpFlvUrl } from '../../core/config/http-flv-url.js';
import { RateMeter } from '../../core/scheduler/rate-meter.js';
import { isConsoleAsset } from '../../core/console/serve-console.js';

const rtmp = { publishUrl: 'rtmp://127.0.0.1:1935/live', playUrl: '', embedded: true, embeddedHttpPort: 8091, httpFlvUrl: '' };

describe('httpFlvBase (rtmp.httpFlvUrl)', () => {
  it('is the configured base, trailing slash removed', () => {
    expect(httpFlvBase({ ...rtmp, httpFlvUrl: 'http://srs.example:8080/live/' })).toBe('http://srs.example:8080/live');
  });
  it('is the embedded server\'s when empty and embedded, with the publish URL\'s application', () => {
    expect(httpFlvBase(rtmp)).toBe('http://127.0.0.1:8091/live');
    expect(httpFlvBase({ ...rtmp, publishUrl: 'rtmp://127.0.0.1:19350/cams?vhost=a', embeddedHttpPort: 18091 })).toBe('http://127.0.0.1:18091/cams');
  });
  it('is none when empty and not embedded; a stream URL is then null', () => {
    expect(httpFlvBase({ ...rtmp, embedded: false })).toBeUndefined();
    expect(httpFlvUrl(undefined, 'live-1-ab')).toBeNull();
    expect(httpFlvUrl('http://h/live', 'live-1-ab')).toBe('http://h/live/live-1-ab.flv');
  });
});

describe('RateMeter', () => {
  it('reports the last complete window per second, 0 before the first', () => {
    const m = new RateMeter(1000);
    for (let t = 0; t < 1000; t += 40) m.add(1, t); // 25 per second
    expect(m.rate(999)).toBe(0);
    m.add(1, 1000);
    expect(m.rate(1000)).toBe(25);
    expect(m.rate(1500)).toBe(25);
  });
  it('decays toward 0 when the input stalls', () => {
    const m = new RateMeter(1000);
    for (let t = 0; t <= 1000; t += 100) m.add(10, t);
    expect(m.rate(1000)).toBe(100);
    expect(m.rate(5000)).toBeLessThan(5);
  });
});

describe('isConsoleAsset (what the API token leaves open)', () => {
  it('is the page and plain files under /console/ only', () => {
    for (const p of ['/', '/console/app.js', '/console/console.css', '/console/vendor/mpegts.js'])
      expect(isConsoleAsset(p), p).toBe(true);
    for (const p of ['/api/streams', '/console/', '/console/../api/streams', '/console/%2e%2e/api/streams', '/console/./app.js', '/console/..', '//', '/metrics'])
      expect(isConsoleAsset(p), p).toBe(false);
  });
});
