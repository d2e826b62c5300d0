/**
 * Test-only RTMP server with scripted behaviour (silence at a step, refusal, congestion), built from the plugin's
 * own format code. The real servers (node-media-server, nginx-rtmp) are used in the integration tests; this one
 * covers what they cannot be made to do on demand.
 */
import net from 'node:net';
import { encodeCommand, decodeCommand, type RtmpCommand } from '../../src/format/rtmp-command.js';
import { RtmpChunkReader } from '../../src/format/rtmp-chunk-reader.js';
import { RtmpChunkWriter } from '../../src/format/rtmp-chunk-writer.js';
import { HANDSHAKE_SIZE } from '../../src/format/rtmp-handshake.js';
import { MessageType, setChunkSize, userControl, windowAckSize, type RtmpMessage } from '../../src/format/rtmp-message.js';

export interface FakeServerScript {
  /** Never answer this step. */
  silentAt?: 'handshake' | 'connect' | 'createStream' | 'publish';
  /** onStatus code answering publish (default NetStream.Publish.Start). */
  publishCode?: string;
  /** Close the connection right after Publish.Start (SRS/node-media-server on a busy name). */
  closeAfterPublishStart?: boolean;
  /** Stop reading from the socket after Publish.Start (a congested or stalled server). */
  stallAfterPublish?: boolean;
  /** Answer connect with `_error` carrying this code (e.g. NetConnection.Connect.Rejected). */
  connectError?: string;
  /** Answer the handshake with S0 version 6 (RTMPE), which a plain RTMP client must refuse. */
  badVersion?: boolean;
  /** Answer publish only after this many ms. */
  publishDelayMs?: number;
  /** Window Acknowledgement Size to announce after connect. */
  ackWindow?: number;
}

export interface FakeServer {
  port: number;
  /** Every message received from the client (all connections). */
  received: RtmpMessage[];
  commands(): RtmpCommand[];
  /** Sends a User Control PingRequest on every open connection. */
  ping(timestamp: number): void;
  /** Destroys every connection (a server drop). */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startFakeRtmpServer(script: FakeServerScript = {}): Promise<FakeServer> {
  const received: RtmpMessage[] = [];
  const sockets = new Set<net.Socket>();
  const writers = new Map<net.Socket, RtmpChunkWriter>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const writer = new RtmpChunkWriter();
    writers.set(socket, writer);
    const reader = new RtmpChunkReader(64 << 20);
    const send = (m: RtmpMessage) => socket.write(writer.encode(m));
    let hs = Buffer.alloc(0);
    let handshaken = false;
    let s0sent = false;
    socket.on('data', (d: Buffer) => {
      if (!handshaken) {
        hs = Buffer.concat([hs, d]);
        if (script.silentAt === 'handshake') return;
        if (!s0sent && hs.length >= 1 + HANDSHAKE_SIZE) {
          s0sent = true; // S0, S1, S2 (= echo of C1)
          socket.write(Buffer.concat([Buffer.from([script.badVersion ? 6 : 3]), Buffer.alloc(HANDSHAKE_SIZE, 1), hs.subarray(1, 1 + HANDSHAKE_SIZE)]));
        }
        if (hs.length < 1 + 2 * HANDSHAKE_SIZE) return;
        handshaken = true;
        d = hs.subarray(1 + 2 * HANDSHAKE_SIZE);
        if (d.length === 0) return;
      }
      for (const m of reader.push(d)) {
        received.push(m);
        if (m.typeId !== MessageType.commandAmf0) continue;
        const cmd = decodeCommand(m.payload);
        if (cmd.name === 'connect' && script.connectError) {
          send(encodeCommand({ name: '_error', transactionId: cmd.transactionId, commandObject: null, args: [{ level: 'error', code: script.connectError, description: 'app not allowed' }] }));
        } else if (cmd.name === 'connect' && script.silentAt !== 'connect') {
          // A small chunk size of our own exercises the client's reader.
          send(setChunkSize(60));
          writer.chunkSize = 60;
          if (script.ackWindow) send(windowAckSize(script.ackWindow));
          send({ csid: 2, timestamp: 0, typeId: MessageType.setPeerBandwidth, streamId: 0, payload: Uint8Array.of(0, 0x4c, 0x4b, 0x40, 2) });
          send(encodeCommand({ name: '_result', transactionId: cmd.transactionId, commandObject: { fmsVer: 'FMS/3,0,1,123', capabilities: 31 }, args: [{ level: 'status', code: 'NetConnection.Connect.Success', description: 'Connection succeeded.' }] }));
        } else if (cmd.name === 'createStream' && script.silentAt !== 'createStream') {
          send(encodeCommand({ name: '_result', transactionId: cmd.transactionId, commandObject: null, args: [1] }));
        } else if (cmd.name === 'publish' && script.silentAt !== 'publish') {
          const answer = () => {
            const code = script.publishCode ?? 'NetStream.Publish.Start';
            const level = code === 'NetStream.Publish.Start' ? 'status' : 'error';
            send(encodeCommand({ name: 'onStatus', transactionId: 0, commandObject: null, args: [{ level, code, description: `${cmd.args[0]} ${code}` }] }, 1, 5));
            if (script.closeAfterPublishStart) socket.end();
            if (script.stallAfterPublish) socket.pause();
          };
          if (script.publishDelayMs) setTimeout(answer, script.publishDelayMs);
          else answer();
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    received,
    commands: () => received.filter((m) => m.typeId === MessageType.commandAmf0).map((m) => decodeCommand(m.payload)),
    ping(ts) {
      for (const s of sockets) s.write(writers.get(s)!.encode(userControl(6, ts)));
    },
    dropAll() {
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
