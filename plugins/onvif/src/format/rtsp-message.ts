/**
 * RTSP 1.0 (RFC 2326) framing on an interleaved TCP connection: responses (and the rare server request) with
 * their headers and body, and `$`-framed RTP/RTCP packets (§10.12). Pure: bytes in, messages out.
 */
import { FormatError } from '@nvr-pusher/core/media';

export interface RtspResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  /** Header names in lower case; a repeated header keeps every value in order. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: Uint8Array;
}

/** A request the server sent us (e.g. ANNOUNCE, GET_PARAMETER, SET_PARAMETER); answered or ignored by the client. */
export interface RtspServerRequest {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: string;
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: Uint8Array;
}

export interface InterleavedPacket {
  readonly kind: 'data';
  readonly channel: number;
  readonly data: Uint8Array;
}

export type RtspMessage = RtspResponse | RtspServerRequest | InterleavedPacket;

/** First value of a header (names are matched case-insensitively). */
export const header = (m: { headers: ReadonlyMap<string, readonly string[]> }, name: string): string | undefined =>
  m.headers.get(name.toLowerCase())?.[0];

/** Largest header block accepted; anything longer is not RTSP. */
export const MAX_HEADER_BYTES = 64 * 1024;
/** Largest body accepted (an SDP is a few KiB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** End of the header block: where the head text ends and the body starts (CRLF CRLF, or a bare LF LF). */
function findHeaderEnd(buf: Uint8Array, from: number): { head: number; body: number } | undefined {
  for (let i = from; i + 1 < buf.length; i++) {
    if (buf[i] !== 10) continue;
    if (buf[i + 1] === 10) return { head: i, body: i + 2 };
    if (buf[i + 1] === 13 && i + 2 < buf.length && buf[i + 2] === 10) return { head: i, body: i + 3 };
  }
  return undefined;
}

/** Incremental reader: feed chunks split anywhere, get whole messages. */
export class RtspReader {
  private buf: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): RtspMessage[] {
    this.buf = this.buf.length === 0 ? chunk.slice() : concat(this.buf, chunk);
    const out: RtspMessage[] = [];
    let pos = 0;
    for (;;) {
      const m = this.next(pos);
      if (!m) break;
      out.push(m.message);
      pos = m.end;
    }
    this.buf = this.buf.subarray(pos);
    return out;
  }

  private next(pos: number): { message: RtspMessage; end: number } | undefined {
    const b = this.buf;
    if (pos >= b.length) return undefined;
    if (b[pos] === 0x24) {
      if (b.length - pos < 4) return undefined;
      const len = (b[pos + 2]! << 8) | b[pos + 3]!;
      if (b.length - pos < 4 + len) return undefined;
      return { message: { kind: 'data', channel: b[pos + 1]!, data: b.slice(pos + 4, pos + 4 + len) }, end: pos + 4 + len };
    }
    const headEnd = findHeaderEnd(b, pos);
    if (!headEnd) {
      if (b.length - pos > MAX_HEADER_BYTES) throw new FormatError('RTSP message', 'RTSP header block longer than 64 KiB');
      return undefined;
    }
    const bodyStart = headEnd.body;
    const head = new TextDecoder().decode(b.subarray(pos, headEnd.head)).replace(/\r/g, '');
    const lines = head.split('\n').filter((l) => l.length > 0);
    const first = lines.shift() ?? '';
    const headers = new Map<string, string[]>();
    let last: string | undefined;
    for (const line of lines) {
      if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
        const vals = headers.get(last)!;
        vals[vals.length - 1] += ` ${line.trim()}`;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) throw new FormatError('RTSP message', `RTSP header line without a colon: ${JSON.stringify(line.slice(0, 80))}`);
      last = line.slice(0, colon).trim().toLowerCase();
      const v = headers.get(last) ?? [];
      v.push(line.slice(colon + 1).trim());
      headers.set(last, v);
    }
    const lengthText = headers.get('content-length')?.[0];
    const length = lengthText === undefined ? 0 : Number(lengthText);
    if (!Number.isInteger(length) || length < 0 || length > MAX_BODY_BYTES) throw new FormatError('RTSP message', `RTSP Content-Length ${lengthText} is invalid`);
    if (b.length - bodyStart < length) return undefined;
    const body = b.slice(bodyStart, bodyStart + length);
    const end = bodyStart + length;
    const status = /^RTSP\/1\.\d (\d{3}) ?(.*)$/.exec(first);
    if (status) return { message: { kind: 'response', status: Number(status[1]), reason: status[2] ?? '', headers, body }, end };
    const req = /^([A-Z_]+) (\S+) RTSP\/1\.\d$/.exec(first);
    if (req) return { message: { kind: 'request', method: req[1]!, uri: req[2]!, headers, body }, end };
    throw new FormatError('RTSP message', `not an RTSP message: ${JSON.stringify(first.slice(0, 80))}`);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const c = new Uint8Array(a.length + b.length);
  c.set(a, 0);
  c.set(b, a.length);
  return c;
}

/** Serializes a request. `headers` in the order given; Content-Length added when there is a body. */
export function encodeRequest(method: string, uri: string, headers: readonly (readonly [string, string])[], body?: string): Uint8Array {
  let text = `${method} ${uri} RTSP/1.0\r\n`;
  for (const [k, v] of headers) {
    if (/[\r\n]/.test(k) || /[\r\n]/.test(v)) throw new FormatError('RTSP message', `RTSP header ${k} contains a line break`);
    text += `${k}: ${v}\r\n`;
  }
  const bodyBytes = body === undefined ? undefined : new TextEncoder().encode(body);
  if (bodyBytes) text += `Content-Length: ${bodyBytes.length}\r\n`;
  text += '\r\n';
  const head = new TextEncoder().encode(text);
  return bodyBytes ? concat(head, bodyBytes) : head;
}
