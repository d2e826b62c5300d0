/**
 * The RTSP client against a scripted RTSP server on loopback: the exact requests it sends (Digest with qop after a
 * 401, a stale nonce answered again, SETUP per track with interleaved channels, aggregate PLAY, GET_PARAMETER
 * keep-alive at half the session timeout, TEARDOWN), and answers to the server's own requests.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RtspPlay } from '../../src/rtsp/rtsp-play.js';
import type { MediaFrame } from '@nvr-pusher/core/contracts';
import { parseChallenges, authorization } from '../../src/format/rtsp-auth.js';
import { interleaved, rtp } from '../format/chunks.js';
import { liveFailed, StatusCode } from '@nvr-pusher/core/contracts';
import { mapped } from '../../src/failures.js';

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\na=control:*\r\n' +
  'm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 sprop-parameter-sets=Z0LADdoFB+wFqDAwNSgAAAMACAAAAwGUeKFV,aM48gA==\r\na=control:trackID=1\r\n' +
  'm=audio 0 RTP/AVP 0\r\na=control:trackID=2\r\n';

interface Seen { method: string; uri: string; headers: Record<string, string> }

function startServer(): Promise<{ port: number; seen: Seen[]; server: net.Server; sockets: net.Socket[] }> {
  const seen: Seen[] = [];
  const sockets: net.Socket[] = [];
  let nonce = 'n1';
  const server = net.createServer((sock) => {
    sockets.push(sock);
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      for (let end = buf.indexOf('\r\n\r\n'); end >= 0; end = buf.indexOf('\r\n\r\n')) {
        const [first, ...lines] = buf.slice(0, end).split('\r\n');
        buf = buf.slice(end + 4);
        if (first!.startsWith('RTSP/1.0')) {
          seen.push({ method: `answer ${first}`, uri: '', headers: Object.fromEntries(lines.map((l) => l.split(': ') as [string, string]).map(([k, v]) => [k.toLowerCase(), v])) });
          continue; // the client answered the server's own request
        }
        const [method, uri] = first!.split(' ') as [string, string];
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        seen.push({ method, uri, headers });
        const cseq = headers.cseq;
        const reply = (status: string, extra = '', body = '') =>
          sock.write(`RTSP/1.0 ${status}\r\nCSeq: ${cseq}\r\n${extra}${body ? `Content-Length: ${body.length}\r\n` : ''}\r\n${body}`);
        const auth = headers.authorization;
        const expected = auth && authorization(parseChallenges([`Digest realm="cam", nonce="${nonce}", qop="auth"`])[0]!, 'admin', 'pw', method,
          /uri="([^"]+)"/.exec(auth)![1]!, parseInt(/nc=(\w+)/.exec(auth)?.[1] ?? '1', 16), /cnonce="([^"]+)"/.exec(auth)?.[1]);
        if (method !== 'OPTIONS' && (!auth || auth !== expected)) {
          // First DESCRIBE: no credentials. First SETUP: the nonce went stale meanwhile.
          reply('401 Unauthorized', `WWW-Authenticate: Digest realm="cam", nonce="${nonce}", qop="auth"${auth ? ', stale=TRUE' : ''}\r\n`);
          continue;
        }
        if (method === 'OPTIONS') reply('200 OK', 'Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER\r\n');
        else if (method === 'DESCRIBE') {
          nonce = 'n2';
          reply('200 OK', 'Content-Base: rtsp://127.0.0.1/cam/\r\nContent-Type: application/sdp\r\n', SDP);
        } else if (method === 'SETUP') reply('200 OK', `Session: s1;timeout=2\r\nTransport: ${headers.transport}\r\n`);
        else if (method === 'PLAY') {
          reply('200 OK', 'Session: s1;timeout=2\r\nRange: npt=0.000-\r\n');
          sock.write('SET_PARAMETER rtsp://127.0.0.1/cam/ RTSP/1.0\r\nCSeq: 77\r\n\r\n');
          sock.write(interleaved(0, rtp(96, 1, 1000, Uint8Array.of(0x65, 1, 2, 3), true)));
          sock.write(interleaved(2, rtp(0, 1, 160, Uint8Array.of(0xff, 0xff))));
        } else reply('200 OK', 'Session: s1\r\n');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, seen, server, sockets })));
}

describe('RTSP client requests (scripted server)', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => { await stop?.(); });

  it('authenticates with Digest, sets up both tracks interleaved, plays the aggregate URL, keeps alive and tears down', async () => {
    const s = await startServer();
    stop = () => new Promise((r) => { s.sockets.forEach((x) => x.destroy()); s.server.close(() => r()); });
    const frames: MediaFrame[] = [];
    const play = await RtspPlay.open(
      { url: `rtsp://127.0.0.1:${s.port}/cam`, user: 'admin', password: 'pw', timeoutMs: 5000, keepAliveMs: 60_000 },
      { frames: (f) => frames.push(...f), lost: () => undefined },
      new AbortController().signal,
    );
    const end = Date.now() + 8000;
    while (!s.seen.some((x) => x.method === 'GET_PARAMETER') || frames.length < 2) {
      if (Date.now() > end) throw new Error(`no keep-alive / frames: ${s.seen.map((x) => x.method).join(' ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await play.close();
    const answer = s.seen.find((x) => x.method.startsWith('answer'))!;
    expect([answer.method, answer.headers.cseq]).toEqual(['answer RTSP/1.0 200 OK', '77']);
    const methods = s.seen.filter((x) => !x.method.startsWith('answer')).map((x) => x.method);
    expect(methods.slice(0, 8), methods.join(' ')).toEqual(['OPTIONS', 'DESCRIBE', 'DESCRIBE', 'SETUP', 'SETUP', 'SETUP', 'PLAY', 'GET_PARAMETER']);
    expect(methods.at(-1)).toBe('TEARDOWN');
    const setups = s.seen.filter((x) => x.method === 'SETUP' && x.headers.authorization?.includes('n2'));
    expect(setups.map((x) => [x.uri, x.headers.transport])).toEqual([
      ['rtsp://127.0.0.1/cam/trackID=1', 'RTP/AVP/TCP;unicast;interleaved=0-1'],
      ['rtsp://127.0.0.1/cam/trackID=2', 'RTP/AVP/TCP;unicast;interleaved=2-3'],
    ]);
    expect(setups[1]!.headers.session).toBe('s1');
    const playReq = s.seen.find((x) => x.method === 'PLAY')!;
    expect([playReq.uri, playReq.headers.range, playReq.headers.session]).toEqual(['rtsp://127.0.0.1/cam/', 'npt=0.000-', 's1']);
    expect(s.seen.every((x) => !x.uri.includes('pw') && !(x.headers.authorization ?? '').includes('pw"'))).toBe(true);
    expect(frames.map((f) => [f.track.kind, f.key])).toEqual([['video', true], ['audio', true]]);
  }, 20_000);

  it('a device answering DESCRIBE with something that is not SDP → 603 naming the malformed answer, connection closed', async () => {
    let closed = false;
    const server = net.createServer((sock) => {
      sock.on('close', () => { closed = true; });
      sock.on('data', (d) => {
        const cseq = /CSeq: (\d+)/.exec(d.toString())![1];
        sock.write(`RTSP/1.0 200 OK\r\nCSeq: ${cseq}\r\nContent-Length: 5\r\n\r\nhello`);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    stop = () => new Promise((r) => server.close(() => r()));
    const port = (server.address() as net.AddressInfo).port;
    const err = await mapped(liveFailed, () => RtspPlay.open(
      { url: `rtsp://127.0.0.1:${port}/x`, user: 'a', password: 'b', timeoutMs: 5000, keepAliveMs: 60_000 },
      { frames: () => undefined, lost: () => undefined }, new AbortController().signal,
    )).catch((e) => e);
    expect(err.code).toBe(StatusCode.ERR_PLAY_REAL);
    expect(err.message).toMatch(/malformed answer from the device: SDP: SDP without a v= line/);
    const end = Date.now() + 5000;
    while (!closed && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    expect(closed).toBe(true);
  });
});
