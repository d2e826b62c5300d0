/** fast-check generators of bad (and some good) input for the six endpoints. */
import fc from 'fast-check';
import { NVR } from '../api/api-service.js';

/** Every password a generator produced: none may appear in a response or a log line. */
export const generatedPasswords = new Set<string>();

/** Wrong passwords, distinctive enough that finding one in text is never a coincidence. */
export const password = fc.string({ unit: 'grapheme', minLength: 4, maxLength: 24 })
  .map((s) => `pw#${s}`)
  .filter((p) => p !== NVR.nvr_pwd)
  .map((p) => { generatedPasswords.add(p); return p; });

/** Sometimes the value the generator gives, sometimes any JSON value, sometimes absent. */
const orJunk = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: fc.jsonValue() }, { weight: 1, arbitrary: fc.constant(undefined) });

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Time-like strings: calendar-plausible parts slightly out of range, real dates, and junk. */
export const timeText = fc.oneof(
  fc.record({
    y: fc.integer({ min: 990, max: 10_001 }), mo: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }),
    h: fc.integer({ min: 0, max: 25 }), mi: fc.integer({ min: 0, max: 61 }), s: fc.integer({ min: 0, max: 61 }),
  }).map((t) => `${pad(t.y, 4)}-${pad(t.mo)}-${pad(t.d)} ${pad(t.h)}:${pad(t.mi)}:${pad(t.s)}`),
  fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 19).replace('T', ' ')),
  fc.constantFrom('', '2016-07-20', '2016-07-20T12:00:00', '2016-07-20 12:00:00Z', '2016-02-30 12:00:00', ' 2016-07-20 12:00:00', '２０１６-07-20 12:00:00'),
  fc.string({ maxLength: 30 }),
);

/** A [start, end] pair around a real time: reversed, equal, or up to two days apart. */
export const timeRange = fc.oneof(
  fc.tuple(timeText, timeText),
  fc.tuple(
    fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
    fc.integer({ min: -172_800, max: 172_800 }),
  ).map(([d, offsetS]) => {
    const f = (x: Date) => x.toISOString().slice(0, 19).replace('T', ' ');
    return [f(d), f(new Date(d.getTime() + offsetS * 1000))] as [string, string];
  }),
);

export const nvrBody = fc.record({
  nvr_category: orJunk(fc.oneof(fc.constant(99), fc.integer({ min: -3, max: 70_000 }), fc.double())),
  nvr_addr: orJunk(fc.oneof(fc.constant(NVR.nvr_addr), fc.stringMatching(/^[A-Za-z0-9.:-]{1,20}$/), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constant('a'.repeat(256)))),
  nvr_port: orJunk(fc.oneof(fc.constant(8000), fc.integer({ min: -5, max: 70_000 }), fc.double())),
  nvr_user: orJunk(fc.oneof(fc.constant('admin'), fc.string({ unit: 'grapheme', maxLength: 70 }))),
  nvr_pwd: fc.oneof({ weight: 6, arbitrary: password }, { weight: 1, arbitrary: password.map((p) => p + 'x'.repeat(64)) }, { weight: 1, arbitrary: fc.jsonValue() }),
  nvr_channel: orJunk(fc.oneof(fc.constant(1), fc.integer({ min: -5, max: 70_000 }))),
}).chain((b) => fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue(), { maxKeys: 3 }).map((extra) => ({ ...extra, ...b })));

export const backBody = fc.tuple(nvrBody, orJunk(timeRange)).map(([b, r]) =>
  Array.isArray(r) ? { ...b, startTime: r[0], endTime: r[1] } : { ...b, startTime: r, endTime: r });

/** A handle path segment (not yet URL-encoded). */
export const handleText = (known: number[]) => fc.oneof(
  fc.constantFrom(...known.map(String)),
  fc.integer({ min: 1, max: 1_000_000 }).map(String),
  fc.stringMatching(/^[-+ 0]?\d{1,22}(\.\d{1,3})?$/),
  fc.constantFrom('0', '-1', '00', '1e3', '0x1', 'NaN', 'Infinity', '9007199254740993', '999999999999999', '1000000000000000', ' 1', '1 ', '../1', '1/2', '%', '%%31'),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

/** The endpoint word in random case, sometimes with a trailing slash (paths are case-insensitive). */
export const tail = (word: string) => fc.tuple(fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }), fc.boolean())
  .map(([upper, slash]) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('') + (slash ? '/' : ''));

export const contentType = fc.constantFrom(undefined, 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'application/json; charset=utf-8');
