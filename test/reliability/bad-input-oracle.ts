/**
 * The expected status_code of a request to the six endpoints, computed from API.md and the published JSON
 * schemas (core/api/schemas.ts), independently of the service's code. Inputs are first passed through a JSON
 * round trip, as the service sees them.
 */
import { NVR } from '../api/api-service.js';

export type Json = unknown;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
/** ajv counts string length in code points. */
const strLen = (v: unknown, min: number, max: number) => typeof v === 'string' && [...v].length >= min && [...v].length <= max;
const ADDR = /^[A-Za-z0-9.:\-[\]_%]+$/;
const TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * Milliseconds of a real calendar time `YYYY-MM-DD HH:mm:ss`, else undefined. Years 0000–0099 are left out: the
 * generators never make them (JS Date maps them to 19xx, and the service refuses them).
 */
export function wallTime(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = TIME.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (y < 100 || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > daysInMonth) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** True when the value matches a time-shaped schema (pattern only, not calendar validity). */
const timeShaped = (v: unknown) => typeof v === 'string' && TIME.test(v);

export const roundTrip = (v: unknown): Json => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

function nvrFieldsValid(b: Record<string, unknown>): boolean {
  return isInt(b.nvr_category, 0, 65535)
    && strLen(b.nvr_addr, 1, 255) && ADDR.test(b.nvr_addr as string)
    && isInt(b.nvr_port, 1, 65535)
    && strLen(b.nvr_user, 1, 64)
    && strLen(b.nvr_pwd, 0, 64)
    && isInt(b.nvr_channel, 0, 65535);
}

/**
 * REAL_STREAM: 600 for anything the schema refuses or an unserved category; otherwise the login is tried and a
 * wrong password is 606 (the simulator's password is NVR.nvr_pwd; callers never send the right one here).
 */
export function expectedRealStream(body: Json, servedCategory: number): number {
  if (!isObject(body) || !nvrFieldsValid(body)) return 600;
  if (body.nvr_category !== servedCategory) return 600;
  if (body.nvr_pwd === NVR.nvr_pwd) throw new Error('oracle: generators must not send the real password');
  return 606;
}

/**
 * BACK_STREAM: 600 for schema failures, unreal/reversed/too long ranges (maxRangeHours) and unserved categories;
 * 606 for a wrong password; with the right one on a channel without recordings, 607.
 */
export function expectedBackStream(body: Json, servedCategory: number, maxRangeHours: number): number {
  if (!isObject(body) || !nvrFieldsValid(body) || !timeShaped(body.startTime) || !timeShaped(body.endTime)) return 600;
  const start = wallTime(body.startTime);
  const end = wallTime(body.endTime);
  if (start === undefined || end === undefined || end <= start || end - start > maxRangeHours * 3_600_000) return 600;
  if (body.nvr_category !== servedCategory) return 600;
  return body.nvr_pwd === NVR.nvr_pwd ? 607 : 606;
}

/** The handle a path segment names after URL decoding, or undefined when it is not a positive integer. */
export function handleOf(decoded: string): number | undefined {
  return /^[1-9]\d{0,14}$/.test(decoded) ? Number(decoded) : undefined;
}

export interface Handles {
  live: number;
  back: { handle: number; start: number; stop: number };
}

/** BEATS / STOP: junk handle 600, unknown 605, known 200. */
export function expectedHandleOnly(decoded: string, known: Set<number>): number {
  const h = handleOf(decoded);
  if (h === undefined) return 600;
  return known.has(h) ? 200 : 605;
}

/** POSITION: schema → handle → time → (605 unknown, 600 live handle, 600 outside range) → 200 seek. */
export function expectedPosition(decoded: string, body: Json, hs: Handles): number {
  if (!isObject(body) || !timeShaped(body.pos_time)) return 600;
  const h = handleOf(decoded);
  if (h === undefined) return 600;
  const t = wallTime(body.pos_time);
  if (t === undefined) return 600;
  if (h === hs.live) return 600;
  if (h !== hs.back.handle) return 605;
  return t < hs.back.start || t > hs.back.stop ? 600 : 200;
}

/**
 * PTZControl: schema (command 0–13, duration null/absent or 100–1000) → handle → 605 unknown → 600 playback
 * handle → the NVR, which refuses PTZ on every channel in these tests (ptzChannels: []) → 609.
 */
export function expectedPtz(decoded: string, body: Json, hs: Handles): number {
  if (!isObject(body) || !isInt(body.command, 0, 13)) return 600;
  if (body.duration !== undefined && body.duration !== null && !isInt(body.duration, 100, 1000)) return 600;
  const h = handleOf(decoded);
  if (h === undefined) return 600;
  if (h === hs.back.handle) return 600;
  if (h !== hs.live) return 605;
  return 609;
}
