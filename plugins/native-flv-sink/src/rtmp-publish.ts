/**
 * The publish sequence as small named steps (Adobe RTMP spec 1.0 §7.2.1.1 connect, §7.2.1.3 createStream,
 * §7.2.2.6 publish), each failing with ERR_CON_RTMPSEVER (602) naming it.
 */
import { rtmpFailed } from '@nvr-pusher/core/contracts';
import { encodeCommand, statusOf, type RtmpCommand } from './format/rtmp-command.js';
import { setChunkSize } from './format/rtmp-message.js';
import { RtmpConnection } from './rtmp-connection.js';
import type { RtmpPublishUrl } from './rtmp-url.js';

export interface PublishOptions {
  /** Outgoing chunk size (bytes). */
  chunkSize: number;
  /** TCP connect timeout. */
  connectTimeoutMs: number;
  /** Timeout of each later step (handshake, connect, createStream, publish). */
  stepTimeoutMs: number;
}

/** A connection that is publishing on `streamId`. */
export interface Publishing {
  connection: RtmpConnection;
  streamId: number;
}

/** Transaction ids (§7.2.1: 1 for connect; the rest only need to be distinct). */
const TXN = { connect: 1, releaseStream: 2, fcPublish: 3, createStream: 4, publish: 5 } as const;

/** Status codes that mean the server refused the publish (nginx `BadName`, SRS/FMS `Rejected`/`Failed`, …). */
const REFUSED = /BadName|Failed|Rejected|Error|Denied|Unauthorized/i;

function failureText(cmd: RtmpCommand): string {
  const s = statusOf(cmd);
  return s ? [s.code, s.description].filter(Boolean).join(': ') || cmd.name : cmd.name;
}

/** Connects and publishes. `onConnection` receives the connection as soon as it exists (so it can be closed). */
export async function publish(url: RtmpPublishUrl, o: PublishOptions, onConnection: (c: RtmpConnection) => void): Promise<Publishing> {
  const c = await RtmpConnection.open(url.host, url.port, o.connectTimeoutMs);
  onConnection(c);
  await c.run('handshake', o.stepTimeoutMs, () => c.doHandshake());

  await c.run('connect', o.stepTimeoutMs, async () => {
    // Large chunks cut per-chunk overhead and syscalls for video; 4096 is what OBS and ffmpeg use and what
    // nginx-rtmp/SRS/node-media-server are tuned for (nginx's default chunk_size is 4096).
    c.send(setChunkSize(o.chunkSize));
    c.writer.chunkSize = o.chunkSize;
    const connect = encodeCommand({
      name: 'connect',
      transactionId: TXN.connect,
      commandObject: { app: url.app, type: 'nonprivate', flashVer: 'FMLE/3.0 (compatible; nvr-pusher)', tcUrl: url.tcUrl },
      args: [],
    });
    const reply = await c.call(connect, TXN.connect);
    if (reply.name !== '_result') throw rtmpFailed('connect', `server refused: ${failureText(reply)}`);
  });

  // nginx-rtmp and node-media-server never answer these two (SRS does): send, never wait.
  c.send(encodeCommand({ name: 'releaseStream', transactionId: TXN.releaseStream, commandObject: null, args: [url.streamName] }));
  c.send(encodeCommand({ name: 'FCPublish', transactionId: TXN.fcPublish, commandObject: null, args: [url.streamName] }));

  const streamId = await c.run('createStream', o.stepTimeoutMs, async () => {
    const reply = await c.call(encodeCommand({ name: 'createStream', transactionId: TXN.createStream, commandObject: null, args: [] }), TXN.createStream);
    const id = reply.args[0];
    if (reply.name !== '_result' || typeof id !== 'number') throw rtmpFailed('createStream', `server refused: ${failureText(reply)}`);
    return id;
  });

  await c.run('publish', o.stepTimeoutMs, () =>
    new Promise<void>((resolve, reject) => {
      c.onStatus((cmd) => {
        const s = statusOf(cmd);
        if (!s) return;
        if (s.code === 'NetStream.Publish.Start') resolve();
        else if (s.level === 'error' || REFUSED.test(s.code)) reject(rtmpFailed('publish', `server refused: ${failureText(cmd)}`));
      });
      c.send(encodeCommand({ name: 'publish', transactionId: TXN.publish, commandObject: null, args: [url.streamName, 'live'] }, streamId));
    }),
  );
  c.step = 'stream';
  return { connection: c, streamId };
}

/** Polite end of a publication (FMLE does the same): lets the server free the stream name at once. */
export function unpublish(p: Publishing, streamName: string): void {
  p.connection.send(encodeCommand({ name: 'FCUnpublish', transactionId: 6, commandObject: null, args: [streamName] }));
  p.connection.send(encodeCommand({ name: 'deleteStream', transactionId: 7, commandObject: null, args: [p.streamId] }));
}
