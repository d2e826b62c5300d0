/** Fills the URL templates of the options. Values are URL-encoded; time formats follow the playback scheme. */
import { toWallParts, type WallTime } from '@nvr-pusher/core/contracts';
import type { PlaybackScheme } from './options.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A wall time in the scheme's format: Hikvision `20260101T100000Z` (device local time despite the Z),
 * Dahua `2026_01_01_10_00_00`, ONVIF/generic ISO `2026-01-01T10:00:00Z`.
 */
export function schemeTime(scheme: PlaybackScheme, t: WallTime): string {
  const p = toWallParts(t);
  if (scheme === 'hikvision') return `${p.year}${pad(p.month)}${pad(p.day)}T${pad(p.hour)}${pad(p.minute)}${pad(p.second)}Z`;
  if (scheme === 'dahua') return `${p.year}_${pad(p.month)}_${pad(p.day)}_${pad(p.hour)}_${pad(p.minute)}_${pad(p.second)}`;
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface TemplateValues {
  addr: string;
  port: number;
  channel: number;
  start?: string;
  end?: string;
}

export function fillTemplate(template: string, v: TemplateValues): string {
  const host = v.addr.includes(':') && !v.addr.startsWith('[') ? `[${v.addr}]` : v.addr;
  const values: Record<string, string> = {
    addr: host,
    port: String(v.port),
    channel: String(v.channel),
    channel0: String(v.channel - 1),
    start: v.start ?? '',
    end: v.end ?? '',
  };
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k === 'addr' ? values.addr! : k in values ? encodeURIComponent(values[k]!) : m));
}
