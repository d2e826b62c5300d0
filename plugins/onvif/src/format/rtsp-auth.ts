/**
 * RTSP authentication (RFC 2326 §D via RFC 2617 / RFC 7616): the challenges of a 401 answer and the
 * Authorization header that answers them. Digest (MD5, with or without qop=auth) is preferred over Basic.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Challenge {
  readonly scheme: 'basic' | 'digest';
  readonly params: ReadonlyMap<string, string>;
}

/** Parses every WWW-Authenticate value; unknown schemes are skipped. */
export function parseChallenges(values: readonly string[]): Challenge[] {
  const out: Challenge[] = [];
  for (const v of values) {
    const m = /^\s*(\w+)\s*(.*)$/s.exec(v);
    if (!m) continue;
    const scheme = m[1]!.toLowerCase();
    if (scheme !== 'basic' && scheme !== 'digest') continue;
    const params = new Map<string, string>();
    const re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g;
    for (let p = re.exec(m[2]!); p; p = re.exec(m[2]!)) params.set(p[1]!.toLowerCase(), p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!);
    out.push({ scheme, params });
  }
  return out.sort((a, b) => (a.scheme === b.scheme ? 0 : a.scheme === 'digest' ? -1 : 1));
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** Answers one challenge; `nc` is the nonce count (1 for the first use of a nonce). */
export function authorization(c: Challenge, user: string, password: string, method: string, uri: string, nc = 1, cnonce = randomBytes(8).toString('hex')): string {
  if (c.scheme === 'basic') return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const realm = c.params.get('realm') ?? '';
  const nonce = c.params.get('nonce') ?? '';
  const algorithm = c.params.get('algorithm');
  const qop = (c.params.get('qop') ?? '').split(',').map((q) => q.trim()).includes('auth') ? 'auth' : undefined;
  const ha1 = md5(`${user}:${realm}:${password}`);
  const ha2 = md5(`${method}:${uri}`);
  const ncText = nc.toString(16).padStart(8, '0');
  const response = qop ? md5(`${ha1}:${nonce}:${ncText}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
  const q = (s: string) => s.replace(/["\\]/g, '\\$&');
  let h = `Digest username="${q(user)}", realm="${q(realm)}", nonce="${q(nonce)}", uri="${q(uri)}", response="${response}"`;
  if (algorithm) h += `, algorithm=${algorithm}`;
  const opaque = c.params.get('opaque');
  if (opaque !== undefined) h += `, opaque="${q(opaque)}"`;
  if (qop) h += `, qop=${qop}, nc=${ncText}, cnonce="${cnonce}"`;
  return h;
}
