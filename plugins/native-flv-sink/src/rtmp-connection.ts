/**
 * One RTMP connection to a server (socket glue): handshake bytes, chunk reading and writing, protocol control
 * (acknowledgements, peer bandwidth, pings) and command round trips. The publish steps are in rtmp-publish.ts.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { isPusherError, rtmpFailed, type PusherError } from '@nvr-pusher/core/contracts';
import { FormatError } from '@nvr-pusher/core/media';
import { decodeCommand, type RtmpCommand } from './format/rtmp-command.js';
import { RtmpChunkReader } from './format/rtmp-chunk-reader.js';
import { RtmpChunkWriter, type ChunkableMessage } from './format/rtmp-chunk-writer.js';
import { decodeS0S1S2, encodeC0C1, encodeC2, HANDSHAKE_SIZE, SERVER_HANDSHAKE_SIZE } from './format/rtmp-handshake.js';
import {
  acknowledgement, decodeSetPeerBandwidth, decodeU32Payload, decodeUserControl, MessageType, UserControlEvent,
  userControl, windowAckSize, type RtmpMessage,
} from './format/rtmp-message.js';

const describe = (e: unknown): string =>
  e instanceof FormatError ? `protocol error from server: ${e.message}` : `internal error: ${(e as Error)?.message ?? String(e)}`;

interface Pending {
  reject(e: PusherError): void;
}

export class RtmpConnection {
  readonly writer = new RtmpChunkWriter();
  private readonly reader = new RtmpChunkReader();
  /** The step in progress; errors name it. */
  step = 'handshake';
  private handshake?: { parts: Uint8Array[]; size: number; done: (buf: Uint8Array) => void };
  private readonly results = new Map<number, (cmd: RtmpCommand) => void>();
  private statusListener?: (cmd: RtmpCommand) => void;
  private readonly pending = new Set<Pending>();
  private received = 0;
  private acked = 0;
  /** Window Acknowledgement Size the server announced (§5.4.4); 0 until it does. */
  private ackWindow = 0;
  private announcedWindow = 0;
  private ended?: PusherError;
  private closedByUs = false;
  /** Resolves once the socket is gone, with why (a 602 naming the step in progress). */
  readonly closed: Promise<PusherError>;

  private constructor(readonly socket: net.Socket) {
    let resolveClosed!: (e: PusherError) => void;
    this.closed = new Promise((r) => (resolveClosed = r));
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', (e: NodeJS.ErrnoException) => this.fail(rtmpFailed(this.step, `socket error ${e.code ?? e.message}`, e)));
    socket.on('close', () => {
      this.fail(rtmpFailed(this.step, this.closedByUs ? 'connection closed' : 'server closed the connection'));
      resolveClosed(this.ended!);
    });
  }

  /** TCP connect (step `tcp connect`). */
  static open(host: string, port: number, timeoutMs: number): Promise<RtmpConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(rtmpFailed('tcp connect', `${host}:${port}: no connection within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(rtmpFailed('tcp connect', `${host}:${port}: ${e.code ?? e.message}`, e));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        // Frames are written whole; Nagle would only add latency to small audio/inter frames.
        socket.setNoDelay(true);
        resolve(new RtmpConnection(socket));
      });
    });
  }

  get isOpen(): boolean {
    return this.ended === undefined;
  }

  /** Runs `body` as `step`, failing with a 602 naming it after `timeoutMs` or when the connection drops. */
  run<T>(step: string, timeoutMs: number, body: () => Promise<T>): Promise<T> {
    this.step = step;
    if (this.ended) return Promise.reject(rtmpFailed(step, 'the connection is closed', this.ended));
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { reject: (e) => finish(() => reject(e)) };
      const timer = setTimeout(() => {
        p.reject(rtmpFailed(step, `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = (f: () => void): void => {
        if (!this.pending.has(p)) return;
        this.pending.delete(p);
        clearTimeout(timer);
        f();
      };
      this.pending.add(p);
      body().then(
        (v) => finish(() => resolve(v)),
        (e: unknown) => finish(() => reject(isPusherError(e) ? e : rtmpFailed(step, describe(e), e))),
      );
    });
  }

  /** Simple handshake (§5.2.5): C0+C1 → S0+S1+S2 → C2. */
  async doHandshake(): Promise<void> {
    const s = await new Promise<Uint8Array>((done) => {
      this.handshake = { parts: [], size: 0, done };
      this.socket.write(encodeC0C1(0, randomBytes(HANDSHAKE_SIZE - 8)));
    });
    const { s1 } = decodeS0S1S2(s);
    this.socket.write(encodeC2(s1, 0));
  }

  /**
   * Chunks and writes a message as `[header, payload view…]` (no payload copy); returns the bytes queued (0 once
   * the connection is gone). `cb` runs once the message's last byte is handed to the kernel.
   */
  send(m: RtmpMessage | ChunkableMessage, cb?: () => void): number {
    if (this.ended) return 0;
    const parts: Uint8Array[] = [];
    const size = this.writer.chunks(m, parts);
    // Sources deliver in bursts (a frame's audio and video, a GOP replay): gather one tick's messages into one
    // writev instead of a syscall per message (docs/benchmarks.md, cause 2).
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    // Corked: every part of every message of this tick goes out in one writev.
    const last = parts.length - 1;
    for (let i = 0; i < last; i++) this.socket.write(parts[i]!);
    this.socket.write(parts[last]!, cb);
    return size;
  }

  private corked = false;

  /** Sends a command and waits for its `_result`/`_error` (same transaction id). */
  call(cmd: RtmpMessage, transactionId: number): Promise<RtmpCommand> {
    return new Promise((resolve) => {
      this.results.set(transactionId, resolve);
      this.send(cmd);
    });
  }

  /** Receives every `onStatus` command. */
  onStatus(listener: (cmd: RtmpCommand) => void): void {
    this.statusListener = listener;
  }

  /** Ends the connection (after what was written is flushed), destroying it if it does not close in `graceMs`. */
  async close(graceMs = 1000): Promise<void> {
    this.closedByUs = true;
    if (this.socket.destroyed) return;
    const gone = this.closed.then(() => undefined);
    this.socket.end();
    const t = setTimeout(() => this.socket.destroy(), graceMs);
    await gone;
    clearTimeout(t);
  }

  private fail(e: PusherError): void {
    if (!this.ended) this.ended = e;
    for (const p of [...this.pending]) p.reject(e);
    if (!this.socket.destroyed) this.socket.destroy();
  }

  private onData(d: Buffer): void {
    this.received += d.length;
    let data: Uint8Array = d;
    if (this.handshake) {
      const h = this.handshake;
      const need = SERVER_HANDSHAKE_SIZE - h.size;
      h.parts.push(d.subarray(0, need));
      h.size += Math.min(need, d.length);
      if (h.size < SERVER_HANDSHAKE_SIZE) return;
      this.handshake = undefined;
      h.done(Buffer.concat(h.parts));
      data = d.subarray(need);
      if (data.length === 0) return;
    }
    try {
      for (const m of this.reader.push(data)) this.onMessage(m);
    } catch (e) {
      // Never let a socket event handler throw: whatever went wrong ends this connection, not the process.
      this.fail(rtmpFailed(this.step, describe(e), e));
      return;
    }
    // §5.4.3: acknowledge once a window's worth of bytes has arrived since the last acknowledgement.
    if (this.ackWindow > 0 && this.received - this.acked >= this.ackWindow) {
      this.acked = this.received;
      this.send(acknowledgement(this.received >>> 0));
    }
  }

  private onMessage(m: RtmpMessage): void {
    switch (m.typeId) {
      case MessageType.windowAckSize:
        this.ackWindow = decodeU32Payload(m, 'Window Acknowledgement Size');
        break;
      case MessageType.setPeerBandwidth: {
        // §5.4.5: answer with our Window Acknowledgement Size when it differs from the one last sent.
        const { windowSize } = decodeSetPeerBandwidth(m);
        if (windowSize !== this.announcedWindow) {
          this.announcedWindow = windowSize;
          this.send(windowAckSize(windowSize));
        }
        break;
      }
      case MessageType.userControl: {
        const uc = decodeUserControl(m);
        // §7.1.7: a PingRequest is answered with a PingResponse carrying the same timestamp.
        if (uc.event === UserControlEvent.pingRequest) this.send(userControl(UserControlEvent.pingResponse, uc.value ?? 0));
        break;
      }
      case MessageType.commandAmf0: {
        const cmd = decodeCommand(m.payload);
        if (cmd.name === '_result' || cmd.name === '_error') {
          const w = this.results.get(cmd.transactionId);
          this.results.delete(cmd.transactionId);
          w?.(cmd);
        } else if (cmd.name === 'onStatus') {
          this.statusListener?.(cmd);
        }
        break;
      }
      default:
        break; // Set Chunk Size/Abort are applied by the reader; Acknowledgement and data messages need nothing.
    }
  }
}
