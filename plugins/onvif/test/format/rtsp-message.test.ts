import { describe, expect, it } from 'vitest';
import { FormatError } from '@nvr-pusher/core/media';
import { encodeRequest, header, RtspReader, type RtspMessage } from '../../src/format/rtsp-message.js';
import { ascii, CHUNK_SIZES, chunked, concat, hex, interleaved } from './chunks.js';

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n';
// A DESCRIBE answer with a body, a 401 with two challenges, a server GET_PARAMETER, and interleaved RTP/RTCP between them.
const STREAM = concat(
  ascii(`RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Base: rtsp://cam/live/\r\nContent-Type: application/sdp\r\nContent-Length: ${SDP.length}\r\n\r\n${SDP}`),
  interleaved(0, hex('80e0 0001 00000000 11223344 65 88 84')),
  ascii('RTSP/1.0 401 Unauthorized\r\nCSeq: 3\r\nWWW-Authenticate: Digest realm="cam", nonce="abc"\r\nWWW-Authenticate: Basic realm="cam"\r\n\r\n'),
  interleaved(1, hex('80c8 0006 11223344 00000001 80000000 00000000 00000000 00000000')),
  ascii('GET_PARAMETER rtsp://client/ RTSP/1.0\nCSeq: 9\n\n'),
);

function readAll(size: number): RtspMessage[] {
  const r = new RtspReader();
  return [...chunked(STREAM, size)].flatMap((c) => r.push(c));
}

describe('RtspReader', () => {
  it.each(CHUNK_SIZES)('splits responses, server requests and interleaved packets fed in %i-byte chunks', (size) => {
    const m = readAll(size);
    expect(m.map((x) => x.kind)).toEqual(['response', 'data', 'response', 'data', 'request']);
    const describe = m[0] as Extract<RtspMessage, { kind: 'response' }>;
    expect([describe.status, describe.reason, header(describe, 'content-base')]).toEqual([200, 'OK', 'rtsp://cam/live/']);
    expect(new TextDecoder().decode(describe.body)).toBe(SDP);
    expect(m[1]).toMatchObject({ channel: 0, data: hex('80e0 0001 00000000 11223344 65 88 84') });
    const auth = m[2] as Extract<RtspMessage, { kind: 'response' }>;
    expect(auth.headers.get('www-authenticate')).toEqual(['Digest realm="cam", nonce="abc"', 'Basic realm="cam"']);
    expect(m[3]).toMatchObject({ channel: 1 });
    expect(m[4]).toMatchObject({ kind: 'request', method: 'GET_PARAMETER', uri: 'rtsp://client/' });
  });

  it('keeps an incomplete message buffered until its body arrives', () => {
    const r = new RtspReader();
    expect(r.push(ascii('RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 4\r\n\r\nab'))).toEqual([]);
    expect(r.push(ascii('cd'))).toHaveLength(1);
  });

  it('refuses what can never be RTSP: a bad status line, a header without colon, an absurd Content-Length', () => {
    expect(() => new RtspReader().push(ascii('HTTP/1.1 200 OK\r\n\r\n'))).toThrow(FormatError);
    expect(() => new RtspReader().push(ascii('RTSP/1.0 200 OK\r\nno colon here\r\n\r\n'))).toThrow(/without a colon/);
    expect(() => new RtspReader().push(ascii('RTSP/1.0 200 OK\r\nContent-Length: -1\r\n\r\n'))).toThrow(/Content-Length/);
    expect(() => new RtspReader().push(ascii('RTSP/1.0 200 OK\r\nContent-Length: 99999999\r\n\r\n'))).toThrow(/Content-Length/);
  });
});

describe('encodeRequest', () => {
  it('writes the request line, headers in order and Content-Length for a body', () => {
    const text = new TextDecoder().decode(encodeRequest('SET_PARAMETER', 'rtsp://cam/x', [['CSeq', '4'], ['Session', 'ab']], 'k: v\r\n'));
    expect(text).toBe('SET_PARAMETER rtsp://cam/x RTSP/1.0\r\nCSeq: 4\r\nSession: ab\r\nContent-Length: 6\r\n\r\nk: v\r\n');
  });

  it('refuses header values with line breaks (header injection)', () => {
    expect(() => encodeRequest('OPTIONS', 'rtsp://cam/', [['X', 'a\r\nInjected: 1']])).toThrow(/line break/);
  });
});
