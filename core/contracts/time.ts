/**
 * Wall-clock time of an NVR. The SDKs take and return broken-down local time with no zone, and the API
 * speaks `YYYY-MM-DD HH:mm:ss` in that same local time. Inside the project such a time is a
 * {@link WallTime}: milliseconds since 1970-01-01 00:00:00 *of the NVR's wall clock*, computed as if it
 * were UTC. It never passes through the host's time zone, so DST and host zone cannot shift it.
 */
export type WallTime = number;

/** Broken-down time, as the SDK structs hold it (month 1–12). */
export interface WallTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Parses `YYYY-MM-DD HH:mm:ss`; returns undefined if the text is not a real calendar time. */
export function parseWallTime(text: string): WallTime | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = toWallParts(t);
  if (back.year !== year || back.month !== month || back.day !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  return t;
}

export function toWallParts(t: WallTime): WallTimeParts {
  const d = new Date(t);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

export function fromWallParts(p: WallTimeParts): WallTime {
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Formats as `YYYY-MM-DD HH:mm:ss`. */
export function formatWallTime(t: WallTime): string {
  const p = toWallParts(t);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}
