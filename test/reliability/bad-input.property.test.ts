/**
 * Issue 8, "Bad input": property-based requests to the six endpoints through `app.inject()` against the real
 * service (simulator source, fake sink). Every answer is checked against an independent oracle
 * (bad-input-oracle.ts); never a 5xx, never a non-JSON body, nothing left open, no password in any answer or
 * log line.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NVR, startApi, until, type ApiFixture } from '../api/api-service.js';
import { backBody, contentType, generatedPasswords, handleText, nvrBody, tail, timeRange, timeText } from './bad-input-arbitraries.js';
import {
  expectedBackStream, expectedHandleOnly, expectedPosition, expectedPtz, expectedRealStream, roundTrip, wallTime, type Handles,
} from './bad-input-oracle.js';

const RUNS = { numRuns: 250 };
const NO_RECORD_CHANNEL = 7;
const CATEGORY = NVR.nvr_category;
const PATH_JUNK_PWD = 'pw#path-junk';
generatedPasswords.add(PATH_JUNK_PWD);

let api: ApiFixture;
let hs: Handles;
let known: Set<number>;
let maxRangeHours: number;
let bodyLimit: number;

interface Answer { statusCode: number; body: any; text: string }

/** One request; asserts the invariants every answer shares. */
async function send(method: 'GET' | 'POST', url: string, payload?: string, type?: string): Promise<Answer> {
  const res = await api.running.app.inject({ method, url, payload, headers: type ? { 'content-type': type } : {} });
  const text = res.body;
  expect(res.statusCode, `${method} ${url}`).toBeLessThan(500);
  expect(res.headers['content-type'], `${method} ${url}`).toMatch(/^application\/json/);
  const body = JSON.parse(text);
  expect(typeof body.status_code).toBe('number');
  expect(typeof body.status_message).toBe('string');
  if (res.statusCode === 404) expect(body.status_code).toBe(404);
  else expect(res.statusCode).toBe(200);
  expect(text).not.toContain(NVR.nvr_pwd);
  for (const p of generatedPasswords) if (text.includes(p)) throw new Error(`password ${JSON.stringify(p)} echoed by ${method} ${url}: ${text}`);
  return { statusCode: res.statusCode, body, text };
}

const post = (url: string, body: unknown, type: string | undefined = 'application/json') =>
  send('POST', url, body === undefined ? undefined : JSON.stringify(body), type);

/** Nothing opened by a refused request may stay: the two streams of beforeAll and their one login only. */
async function expectNothingLeft(): Promise<void> {
  const s = api.running.service.scheduler;
  expect(s.handleCount).toBe(2);
  expect(s.upstreamCount).toBe(2);
  expect(api.sim.sessions.size).toBe(2);
  await until(() => s.logins.size === 1 && api.sim.logins.size === 1, 3000);
}

beforeAll(async () => {
  api = await startApi({
    simulator: { ptzChannels: [], noRecordChannels: [NO_RECORD_CHANNEL] },
    config: { login: { graceMs: 20, backoffMs: 60_000 } },
  });
  maxRangeHours = api.running.config.playback.maxRangeHours;
  bodyLimit = api.running.config.api.bodyLimit;
  const live = (await api.inject('POST', '/REAL_STREAM', NVR)).body;
  const back = (await api.inject('POST', '/BACK_STREAM', { ...NVR, startTime: '2016-07-20 12:10:00', endTime: '2016-07-20 13:30:00' })).body;
  expect(live.status_code).toBe(200);
  expect(back.status_code).toBe(200);
  hs = { live: live.play_handle, back: { handle: back.play_handle, start: wallTime(back.start_time)!, stop: wallTime(back.stop_time)! } };
  known = new Set([hs.live, hs.back.handle]);
});

afterAll(async () => {
  await api?.close();
});

describe('start endpoints', () => {
  it('REAL_STREAM: random field values and types answer 600 (refused) or 606 (wrong password reached the NVR)', async () => {
    await fc.assert(fc.asyncProperty(nvrBody, contentType, async (b, type) => {
      const r = await post('/REAL_STREAM', b, type);
      expect(r.body.status_code).toBe(expectedRealStream(roundTrip(b), CATEGORY));
    }), RUNS);
    await expectNothingLeft();
  });

  it('BACK_STREAM: random fields and time ranges answer 600 or 606', async () => {
    await fc.assert(fc.asyncProperty(backBody, async (b) => {
      const r = await post('/BACK_STREAM', b);
      expect(r.body.status_code).toBe(expectedBackStream(roundTrip(b), CATEGORY, maxRangeHours));
    }), RUNS);
    await expectNothingLeft();
  });

  it('BACK_STREAM with the right credentials: unreal, reversed or too long ranges are 600, valid ones reach the NVR (607)', async () => {
    await fc.assert(fc.asyncProperty(timeRange, async ([startTime, endTime]) => {
      const b = { ...NVR, nvr_channel: NO_RECORD_CHANNEL, startTime, endTime };
      const r = await post('/BACK_STREAM', b);
      expect(r.body.status_code, JSON.stringify(b)).toBe(expectedBackStream(b, CATEGORY, maxRangeHours));
    }), RUNS);
    await expectNothingLeft();
  });

  it('raw bodies (malformed JSON, non-objects, any content type) answer 600 unless they parse to an object', async () => {
    const raw = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.json(),
      nvrBody.map((b) => JSON.stringify(b)).chain((s) => fc.integer({ min: 0, max: s.length }).map((n) => s.slice(0, n))),
      fc.constantFrom('{', '}', '[]', 'null', '""', '{"nvr_category":99,}', "{'a':1}", '\u0000', '\ufeff{}', '{"a":1}{"b":2}',
        '{"nvr_category":99,"nvr_port":1e400}', '{"nvr_category":-0,"nvr_port":8e3}', '{"__proto__":{"nvr_category":99},"constructor":{"prototype":{}}}',
        '['.repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(2000) + '1' + '}'.repeat(2000)),
    );
    await fc.assert(fc.asyncProperty(raw, contentType, async (text, type) => {
      let parsed: unknown;
      try { parsed = JSON.parse(text.trim()); } catch { parsed = undefined; }
      const r = await send('POST', '/REAL_STREAM', text, type);
      expect(r.body.status_code, text).toBe(parsed === undefined ? 600 : expectedRealStream(parsed, CATEGORY));
    }), RUNS);
    await expectNothingLeft();
  });

  it('bodies over api.bodyLimit answer 600 "request body is too large"; just under it they are read', async () => {
    await fc.assert(fc.asyncProperty(nvrBody, fc.integer({ min: -64, max: 3 * 16_384 }), async (b, extra) => {
      const base = JSON.stringify({ ...b, pad: '' });
      const text = JSON.stringify({ ...b, pad: 'x'.repeat(Math.max(0, bodyLimit - base.length + extra)) });
      const r = await send('POST', '/REAL_STREAM', text, 'application/json');
      if (Buffer.byteLength(text) > bodyLimit) expect(r.body).toEqual({ status_code: 600, status_message: 'body: request body is too large' });
      else expect(r.body.status_code).toBe(expectedRealStream(JSON.parse(text), CATEGORY));
    }), { numRuns: 120 });
    await expectNothingLeft();
  });
});

describe('handle endpoints', () => {
  /**
   * Path segments the router accepts (valid %-encoding, at most 100 characters: see docs/reliability.md); `.` and
   * `..` are dot segments a URL parser resolves away (the path-junk property covers them).
   */
  const segment = () => handleText([...known]).filter((h) => encodeURIComponent(h).length <= 100 && h !== '.' && h !== '..');

  it('BEATS: junk handles 600, unknown 605, running 200, whatever the case or trailing slash', async () => {
    await fc.assert(fc.asyncProperty(segment(), tail('BEATS'), async (h, t) => {
      const r = await send('GET', `/STREAM/${encodeURIComponent(h)}/${t}`);
      expect(r.body.status_code, h).toBe(expectedHandleOnly(h, known));
    }), RUNS);
    await expectNothingLeft();
  });

  it('STOP: junk handles 600, unknown 605 (the running handles are left alone)', async () => {
    await fc.assert(fc.asyncProperty(segment(), tail('STOP'), async (h, t) => {
      fc.pre(expectedHandleOnly(h, known) !== 200);
      const r = await send('GET', `/STREAM/${encodeURIComponent(h)}/${t}`);
      expect(r.body.status_code, h).toBe(expectedHandleOnly(h, known));
    }), RUNS);
    await expectNothingLeft();
  });

  it('POSITION: bad times, live handles and out-of-range seeks 600, unknown 605, in range 200', async () => {
    const body = fc.oneof(fc.record({ pos_time: timeText }), fc.record({ pos_time: fc.jsonValue() }), fc.jsonValue(),
      fc.integer({ min: hs.back.start - 600_000, max: hs.back.stop + 600_000 }).map((t) => ({ pos_time: new Date(t).toISOString().slice(0, 19).replace('T', ' ') })));
    await fc.assert(fc.asyncProperty(segment(), body, async (h, b) => {
      const payload = roundTrip(b);
      const r = await send('POST', `/STREAM/${encodeURIComponent(h)}/POSITION`, payload === undefined ? undefined : JSON.stringify(payload), 'application/json');
      expect(r.body.status_code, `${h} ${JSON.stringify(b)}`).toBe(payload === undefined ? 600 : expectedPosition(h, payload, hs));
    }), RUNS);
    await expectNothingLeft();
  });

  it('PTZControl: commands/durations out of range and playback handles 600, unknown 605, valid ones reach the NVR (609)', async () => {
    const body = fc.oneof(
      fc.record({
        command: fc.oneof(fc.integer({ min: -3, max: 20 }), fc.double(), fc.jsonValue()),
        duration: fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: -10, max: 2000 }), fc.double(), fc.jsonValue()),
      }),
      fc.jsonValue(),
    );
    await fc.assert(fc.asyncProperty(segment(), body, async (h, b) => {
      const payload = roundTrip(b);
      const r = await send('POST', `/STREAM/${encodeURIComponent(h)}/PTZControl`, payload === undefined ? undefined : JSON.stringify(payload), 'application/json');
      expect(r.body.status_code, `${h} ${JSON.stringify(b)}`).toBe(payload === undefined ? 600 : expectedPtz(h, payload, hs));
    }), RUNS);
    await expectNothingLeft();
  });
});

describe('path junk', () => {
  it('well-formed unknown paths (double slashes, dot segments, long paths, wrong methods) answer HTTP 404 JSON', async () => {
    const words = fc.constantFrom('STREAM', 'REAL_STREAM', 'BACK_STREAM', 'BEATS', 'STOP', 'POSITION', 'PTZControl', '', '.', '..', '%2e%2e', 'x');
    const path = fc.oneof(
      fc.array(fc.oneof(words, fc.string({ maxLength: 12 }).map(encodeURIComponent)), { minLength: 1, maxLength: 8 }).map((s) => '/' + s.join('/')),
      // Long paths (log redaction once was quadratic on them: docs/reliability.md, bug 2).
      fc.integer({ min: 1, max: 12_000 }).map((n) => '/' + 'a'.repeat(n)),
      fc.constantFrom('//REAL_STREAM', '/REAL_STREAM//', '/STREAM/1//BEATS', '/STREAM/1/BEATS/x', '/STREAM/1', '/STREAM'),
    );
    await fc.assert(fc.asyncProperty(path, fc.constantFrom('GET', 'POST') as fc.Arbitrary<'GET' | 'POST'>, async (p, method) => {
      // GET / is the web console's page (HTML, docs/console.md), the one non-API answer.
      if (method === 'GET' && /^\/+$/.test(new URL(`http://h${p}`).pathname)) {
        expect((await api.running.app.inject({ method, url: p })).statusCode, p).toBe(200);
        return;
      }
      const body = method === 'POST' ? JSON.stringify({ ...NVR, nvr_pwd: PATH_JUNK_PWD }) : undefined;
      const r = await send(method, p, body, method === 'POST' ? 'application/json' : undefined);
      // Only a path that names one of the six endpoints (case-insensitively, trailing slash ignored, dot segments
      // resolved as a URL parser does) may get past 404.
      const resolved = new URL(`http://h${p}`).pathname;
      const endpoint = /^\/(REAL_STREAM|BACK_STREAM|STREAM\/[^/]*\/(BEATS|STOP|POSITION|PTZCONTROL))\/?$/i.test(resolved);
      if (!endpoint) expect(r.statusCode, p).toBe(404);
      else expect([200, 404], p).toContain(r.statusCode);
      if (r.statusCode === 200) expect([600, 605, 606], p).toContain(r.body.status_code);
    }), RUNS);
    await expectNothingLeft();
  });
});

describe('malformed URLs', () => {
  it('bad %-escapes and over-long handle segments: never a 5xx, always a JSON body, nothing opened', async () => {
    // The router answers these itself (400 FST_ERR_BAD_URL, 414 FST_ERR_MAX_PARAM_LENGTH) without the API's
    // {status_code,...} shape: reported in docs/reliability.md. This property holds the weaker line meanwhile.
    const seg = fc.oneof(
      fc.constantFrom('%', '%zz', '%E2%82', '%C0%AF', '%ff', '1%'),
      fc.integer({ min: 101, max: 400 }).map((n) => '1'.repeat(n)),
      fc.string({ unit: 'binary', maxLength: 20 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')) + '%'),
    );
    await fc.assert(fc.asyncProperty(seg, fc.constantFrom('BEATS', 'STOP', 'POSITION', 'PTZControl'), async (s, word) => {
      const method = word === 'BEATS' || word === 'STOP' ? 'GET' : 'POST';
      const res = await api.running.app.inject({ method, url: `/STREAM/${s}/${word}`, payload: method === 'POST' ? '{}' : undefined });
      expect(res.statusCode, s).toBeLessThan(500);
      expect(() => JSON.parse(res.body)).not.toThrow();
      if (res.statusCode === 200) expect([600, 605]).toContain(res.json().status_code);
    }), { numRuns: 100 });
    await expectNothingLeft();
  });
});

describe('after all of it', () => {
  it('the service still serves; no password reached a log line, /metrics or /openapi.json; nothing was logged as an unexpected error', async () => {
    expect((await api.inject('GET', `/STREAM/${hs.live}/BEATS`)).body.status_code).toBe(200);
    const health = await api.running.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toMatchObject({ status: 'ok', handles: 2, streams: 2 });
    expect(generatedPasswords.size).toBeGreaterThan(500);
    const logs = api.logs.join('');
    expect(logs).not.toContain(NVR.nvr_pwd);
    const leaked = [...generatedPasswords].filter((p) => logs.includes(p));
    expect(leaked).toEqual([]);
    // Nor in what the service publishes about itself.
    for (const url of ['/metrics', '/openapi.json']) {
      const text = (await api.running.app.inject({ method: 'GET', url })).body;
      expect(text.length).toBeGreaterThan(100);
      expect([...generatedPasswords, NVR.nvr_pwd].filter((p) => text.includes(p))).toEqual([]);
    }
    const errors = api.logs.filter((l) => /"level":(50|60)/.test(l));
    expect(errors).toEqual([]);
  });
});
