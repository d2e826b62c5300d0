/** SDP (RFC 4566) as an RTSP DESCRIBE returns it: the media sections, their rtpmap, fmtp and control URL. */
import { FormatError } from '@nvr-pusher/core/media';

export interface SdpMedia {
  /** `video`, `audio`, `application`, ... */
  readonly type: string;
  readonly payloadType: number;
  /** Upper-case encoding name from a=rtpmap (`H264`, `H265`, `PCMA`, `PCMU`, `MPEG4-GENERIC`), or the static one. */
  readonly encoding: string;
  readonly clockRate: number;
  readonly channels: number;
  /** a=fmtp parameters of the payload type, keys in lower case. */
  readonly fmtp: ReadonlyMap<string, string>;
  /** a=control value as written (absolute or relative). */
  readonly control?: string;
}

export interface Sdp {
  /** Session-level a=control. */
  readonly control?: string;
  /** Session-level a=range (e.g. `npt=0-` or `clock=20260101T000000Z-`). */
  readonly range?: string;
  readonly media: readonly SdpMedia[];
}

/** RFC 3551 static payload types that cameras use without an rtpmap. */
const STATIC: Record<number, [string, number, number]> = { 0: ['PCMU', 8000, 1], 8: ['PCMA', 8000, 1], 26: ['JPEG', 90000, 1] };

export function parseSdp(text: string): Sdp {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (!lines.some((l) => l.startsWith('v='))) throw new FormatError('SDP', 'SDP without a v= line');
  let sessionControl: string | undefined;
  let range: string | undefined;
  const media: SdpMedia[] = [];
  let cur: { type: string; pt: number; rtpmap?: string; fmtp?: string; control?: string } | undefined;
  const finish = () => {
    if (!cur) return;
    const [enc, rate, ch] = cur.rtpmap ? parseRtpmap(cur.rtpmap) : STATIC[cur.pt] ?? ['', 0, 1];
    media.push({ type: cur.type, payloadType: cur.pt, encoding: enc, clockRate: rate, channels: ch, fmtp: parseFmtp(cur.fmtp ?? ''), control: cur.control });
  };
  for (const line of lines) {
    if (line.startsWith('m=')) {
      finish();
      const m = /^m=(\S+) \d+(?:\/\d+)? \S+ (\d+)/.exec(line);
      if (!m) throw new FormatError('SDP', `SDP media line not understood: ${line.slice(0, 80)}`);
      cur = { type: m[1]!, pt: Number(m[2]) };
      continue;
    }
    if (!line.startsWith('a=')) continue;
    const attr = line.slice(2);
    const colon = attr.indexOf(':');
    const name = (colon < 0 ? attr : attr.slice(0, colon)).toLowerCase();
    const value = colon < 0 ? '' : attr.slice(colon + 1).trim();
    if (!cur) {
      if (name === 'control') sessionControl = value;
      else if (name === 'range') range = value;
      continue;
    }
    const ptOf = (v: string) => Number(/^(\d+)/.exec(v)?.[1] ?? -1);
    if (name === 'rtpmap' && ptOf(value) === cur.pt) cur.rtpmap = value.replace(/^\d+\s+/, '');
    else if (name === 'fmtp' && ptOf(value) === cur.pt) cur.fmtp = value.replace(/^\d+\s*/, '');
    else if (name === 'control') cur.control = value;
  }
  finish();
  return { control: sessionControl, range, media };
}

function parseRtpmap(v: string): [string, number, number] {
  const [enc = '', rate = '0', ch = '1'] = v.split('/');
  return [enc.toUpperCase(), Number(rate) || 0, Number(ch) || 1];
}

function parseFmtp(v: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of v.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return out;
}

/** Resolves a control attribute against the base (Content-Base / Content-Location / request URL), RFC 2326 §C.1.1. */
export function resolveControl(base: string, control: string | undefined): string {
  if (!control || control === '*') return base;
  if (/^rtsp:\/\//i.test(control)) return control;
  const b = base.endsWith('/') ? base : `${base}/`;
  // Keep a query on the base (playback URLs carry their range in it) out of the path join.
  const q = base.indexOf('?');
  if (q >= 0) {
    const path = base.slice(0, q);
    return `${path.endsWith('/') ? path : `${path}/`}${control}${base.slice(q)}`;
  }
  return `${b}${control}`;
}
