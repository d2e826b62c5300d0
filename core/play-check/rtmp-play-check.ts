/**
 * Plays a stream over RTMP (simple handshake, connect, createStream, play) until a coded video frame arrives:
 * the play side's view of a publication, for servers without HTTP-FLV. Holds one socket, always closed.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { decodeAmf0, encodeAmf0 } from './amf0-lite.js';
import { isCodedVideo } from './flv-video-scanner.js';
import { encodeChunks, RtmpChunkReader } from './rtmp-chunks.js';
import { PlaySideUnreachable } from './unreachable.js';

const HANDSHAKE = 1536;
const MSG_COMMAND_AMF0 = 20;
const MSG_VIDEO = 9;
const MSG_WINDOW_ACK = 5;
const MSG_ACK = 3;
const MSG_USER_CONTROL = 4;

/** rtmp://host[:port]/app[/inst]/key[?query] → connect and play arguments. */
export function parsePlayUrl(url: string): { host: string; port: number; app: string; tcUrl: string; name: string } {
  const u = new URL(url);
  if (u.protocol !== 'rtmp:') throw new Error(`not an rtmp:// URL: ${u.protocol}`);
  const parts = u.pathname.split('/').filter(Boolean);
  if (parts.length < 2) throw new Error('RTMP play URL needs an application and a stream name');
  const name = parts.pop()! + u.search;
  const app = parts.join('/');
  const port = u.port ? Number(u.port) : 1935;
  return { host: u.hostname, port, app, tcUrl: `rtmp://${u.hostname}:${port}/${app}`, name };
}

/** Resolves once `url` played a coded video frame; rejects with the reason after `timeoutMs` or on abort. */
export function readVideoOverRtmp(url: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const target = parsePlayUrl(url);
  return new Promise<void>((resolve, reject) => {
    let step = 'TCP connect';
    const socket = net.connect({ host: target.host, port: target.port });
    const reader = new RtmpChunkReader();
    let handshake: Buffer | undefined = Buffer.alloc(0);
    let received = 0;
    let acked = 0;
    let window = 2_500_000;
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    // No TCP connection within the bound is "unreachable" (not judged); any later step is "not playable".
    const timer = setTimeout(() => finish(step === 'TCP connect' ? new PlaySideUnreachable(`${url}: TCP connect timed out`) : new Error(`no video frame within ${timeoutMs} ms (at ${step})`)), timeoutMs);
    const onAbort = () => finish(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const command = (streamId: number, csid: number, values: Parameters<typeof encodeAmf0>[0]) =>
      socket.write(encodeChunks(csid, { typeId: MSG_COMMAND_AMF0, streamId, payload: encodeAmf0(values) }));

    socket.on('connect', () => {
      step = 'handshake';
      const c1 = randomBytes(HANDSHAKE);
      c1.fill(0, 0, 8); // time, zero
      socket.write(Buffer.concat([Buffer.of(3), c1]));
    });
    socket.on('error', (e) => finish(step === 'TCP connect' ? new PlaySideUnreachable(`${url}: ${e.message}`) : new Error(`${step}: ${e.message}`)));
    socket.on('close', () => finish(new Error(`the server closed the connection (at ${step})`)));
    socket.on('data', (data: Buffer) => {
      received += data.length;
      if (received - acked > window / 2) {
        acked = received;
        const ack = Buffer.alloc(4);
        ack.writeUInt32BE(received >>> 0);
        socket.write(encodeChunks(2, { typeId: MSG_ACK, streamId: 0, payload: ack }));
      }
      if (handshake) {
        handshake = Buffer.concat([handshake, data]);
        if (handshake.length < 1 + 2 * HANDSHAKE) return;
        const s1 = handshake.subarray(1, 1 + HANDSHAKE);
        const rest = handshake.subarray(1 + 2 * HANDSHAKE);
        handshake = undefined;
        socket.write(s1); // C2 echoes S1
        step = 'connect';
        command(0, 3, ['connect', 1, { app: target.app, flashVer: 'LNX 9,0,124,2', tcUrl: target.tcUrl, fpad: false, capabilities: 15, audioCodecs: 3575, videoCodecs: 252, videoFunction: 1 }]);
        if (rest.length === 0) return;
        data = rest;
      }
      let messages;
      try {
        messages = reader.push(data);
      } catch (e) {
        return finish(new Error(`${step}: ${(e as Error).message}`));
      }
      for (const m of messages) {
        if (m.typeId === MSG_WINDOW_ACK && m.payload.length >= 4) window = Buffer.from(m.payload).readUInt32BE(0) || window;
        else if (m.typeId === MSG_COMMAND_AMF0) {
          const [name, tid, , info] = decodeAmf0(m.payload);
          if (name === '_error') return finish(new Error(`${step} refused: ${JSON.stringify(info)}`));
          if (name === '_result' && tid === 1) {
            step = 'createStream';
            command(0, 3, ['createStream', 2, null]);
          } else if (name === '_result' && tid === 2 && typeof info === 'number') {
            step = 'play';
            command(info, 8, ['play', 0, null, target.name, -1000]);
            // User Control SetBufferLength (event 3): stream id, 3000 ms, as ffmpeg/Flash players send after play.
            const setBuffer = Buffer.alloc(10);
            setBuffer.writeUInt16BE(3, 0);
            setBuffer.writeUInt32BE(info, 2);
            setBuffer.writeUInt32BE(3000, 6);
            socket.write(encodeChunks(2, { typeId: MSG_USER_CONTROL, streamId: 0, payload: setBuffer }));
          }
        } else if (m.typeId === MSG_VIDEO && isCodedVideo(m.payload)) return finish();
      }
    });
  });
}
