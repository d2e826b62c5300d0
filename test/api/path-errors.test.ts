import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiFixture } from './api-service.js';

describe('router-level path errors answer in the API format', () => {
  let api: ApiFixture;
  beforeAll(async () => { api = await startApi(); });
  afterAll(() => api?.close());

  it.each([
    ['a malformed escape', '/STREAM/%zz/BEATS', /^path: .* is not a valid URL path/],
    ['a long numeric handle', `/STREAM/${'9'.repeat(150)}/BEATS`, /^play_handle: must be a positive integer/],
    ['a very long junk handle', `/STREAM/${'a'.repeat(3000)}/BEATS`, /^(path|play_handle): /],
  ])('%s → HTTP 200 with status 600', async (_n, url, message) => {
    const r = await api.running.app.inject({ method: 'GET', url });
    expect(r.statusCode).toBe(200);
    expect(r.json().status_code).toBe(600);
    expect(r.json().status_message).toMatch(message);
    expect(r.json().status_message.length).toBeLessThan(300);
  });

  it('a log line with a 40,000-character URL is redacted in bounded time (no regex blow-up)', async () => {
    const r = await api.running.app.inject({ method: 'GET', url: `/NOPE/${'a'.repeat(40_000)}` });
    expect(r.statusCode).toBe(404);
  });
});
