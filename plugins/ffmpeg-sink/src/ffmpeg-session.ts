/** One publication through one ffmpeg process (SinkSession). */
import {
  rtmpFailed,
  type ContainerFormat,
  type Logger,
  type MediaFrame,
  type PublishTarget,
  type PusherError,
  type SinkSession,
} from '@nvr-pusher/core/contracts';
import { BoundedInput } from './bounded-input.js';
import type { FfmpegSinkOptions } from './config-schema.js';
import { buildSessionArgs } from './ffmpeg-args.js';
import { FfmpegProcess, type ProcessExit } from './ffmpeg-process.js';
import { FrameRemuxer } from './frame-remuxer.js';
import { KeyFrameGate } from './key-frame-gate.js';
import { buildImkhHeader, startsWithImkh } from './format/imkh-header.js';
import { redactArgs, redactUrls } from './redact.js';
import { parseStderrLine, type FailureStep } from './stderr-parser.js';
import { probeTcp, serverAddress } from './preflight.js';

export interface SessionStats {
  /** Frames (writeFrame) or chunks (writeRaw) received. */
  framesIn: number;
  bytesIn: number;
  /** Frames or chunks dropped under back-pressure (plus non-key frames dropped while waiting for a key frame). */
  dropped: number;
  droppedBytes: number;
  /** Bytes queued for ffmpeg's stdin right now (bounded by `maxBufferBytes`). */
  bufferedBytes: number;
}

export interface SessionDeps {
  readonly binary: string;
  readonly options: FfmpegSinkOptions;
  readonly logger: Logger;
  /** Called once when the session is over (closed, or ffmpeg gone). */
  readonly onEnd?: () => void;
}

/** stderr lines logged at debug before the rest is only kept for error reports. */
const INITIAL_LINES_LOGGED = 40;

export class FfmpegSession implements SinkSession {
  readonly published: Promise<void>;
  readonly failed: Promise<PusherError>;
  #resolvePublished!: () => void;
  #rejectPublished!: (e: PusherError) => void;
  #resolveFailed!: (e: PusherError) => void;

  readonly #input: BoundedInput;
  readonly #stats = { framesIn: 0, bytesIn: 0, dropped: 0, droppedBytes: 0 };
  #process: FfmpegProcess | undefined;
  #remuxer: FrameRemuxer | undefined;
  #rawFirstChunk = true;
  #rawNeedsImkh = false;
  readonly #gate = new KeyFrameGate();
  #state: 'idle' | 'starting' | 'published' | 'closed' = 'idle';
  #outputOpened = false;
  #linesLogged = 0;
  #lastError: { step: FailureStep; text: string } | undefined;
  #closing: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  /** The TCP check: ffmpeg is spawned only once it passed (true), never after it failed (issue 13). */
  readonly #reachable: Promise<boolean>;

  constructor(private readonly target: PublishTarget, private readonly deps: SessionDeps) {
    this.#input = new BoundedInput(deps.options.maxBufferBytes);
    this.published = new Promise((resolve, reject) => {
      this.#resolvePublished = resolve;
      this.#rejectPublished = reject;
    });
    // The core may never await `published` (e.g. it closed first); don't let a rejection crash the process.
    this.published.catch(() => undefined);
    this.failed = new Promise((resolve) => { this.#resolveFailed = resolve; });
    this.#reachable = this.#preflight();
  }

  async #preflight(): Promise<boolean> {
    const address = serverAddress(this.target.url);
    if (!address) return true;
    const reason = await probeTcp(address.host, address.port, this.deps.options.rwTimeoutMs);
    if (reason === undefined) return true;
    if (this.#state === 'closed') return false;
    this.#lastError = { step: 'connect', text: `${address.host}:${address.port}: ${reason}` };
    this.#fail(rtmpFailed('connect', `cannot connect to ${address.host}:${address.port}: ${reason}`));
    return false;
  }

  /** Fails the session before it published: rejects `published`, stops ffmpeg, ignores further writes. */
  #fail(error: PusherError): void {
    this.deps.logger.warn({ err: error }, 'ffmpeg session failed');
    this.#state = 'closed';
    this.#rejectPublished(error);
    void this.#stopProcess();
  }

  #stopProcess(): Promise<void> {
    this.#stopping ??= (async () => {
      try {
        await this.#process?.stop(this.deps.options.closeGraceMs, this.deps.options.killGraceMs);
      } catch (e) {
        this.deps.logger.warn({ err: e }, 'ffmpeg stop failed');
      }
      this.#input.destroy();
      this.deps.onEnd?.();
    })();
    return this.#stopping;
  }

  acceptsRaw(format: ContainerFormat): boolean {
    if (!format.ffmpegFormat || this.#state !== 'idle') return false;
    // PS without the IMKH block: add one, or ffmpeg misreads G.711 (see format/imkh-header.ts).
    this.#rawNeedsImkh = format.ffmpegFormat === 'mpeg';
    this.#start(format.ffmpegFormat);
    return true;
  }

  writeRaw(data: Uint8Array): void {
    this.#stats.framesIn++;
    this.#stats.bytesIn += data.length;
    if (this.#state === 'closed') return;
    if (this.#rawFirstChunk) {
      this.#rawFirstChunk = false;
      if (this.#rawNeedsImkh && !startsWithImkh(data)) this.#input.offer(buildImkhHeader({ video: 'h264' }));
    }
    this.#offer(data);
  }

  writeFrame(frame: MediaFrame): void {
    this.#stats.framesIn++;
    this.#stats.bytesIn += frame.data.length;
    if (this.#state === 'closed') return;
    if (!this.#gate.admits(frame)) {
      this.#drop(frame.data.length);
      return;
    }
    if (!this.#remuxer) {
      this.#remuxer = new FrameRemuxer();
      if (this.#state === 'idle') this.#start('mpeg');
    }
    let bytes: Uint8Array;
    try {
      bytes = this.#remuxer.mux(frame);
    } catch (e) {
      // A frame PS cannot carry (FormatError: oversized, AAC without config): drop it, keep the session.
      this.deps.logger.warn({ err: e }, 'frame dropped');
      this.#drop(frame.data.length);
      return;
    }
    this.#gate.settle(frame, this.#offer(bytes));
  }

  discontinuity(): void {
    // Frames: the remuxer keeps its output timeline increasing. Raw PS/DHAV: ffmpeg's demuxers are flagged
    // AVFMT_TS_DISCONT and ffmpeg re-bases timestamps that jump by itself.
    this.#remuxer?.discontinuity();
  }

  stats(): SessionStats {
    return { ...this.#stats, bufferedBytes: this.#input.bufferedBytes };
  }

  /** The ffmpeg pid, once spawned (tests, diagnostics). */
  get pid(): number | undefined {
    return this.#process?.pid;
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const wasPublished = this.#state === 'published';
    this.#state = 'closed';
    if (!wasPublished) this.#rejectPublished(rtmpFailed('publish', 'session closed before publishing'));
    await this.#stopProcess();
  }

  #offer(bytes: Uint8Array): boolean {
    if (this.#input.offer(bytes)) return true;
    this.#drop(bytes.length);
    return false;
  }

  #drop(bytes: number): void {
    this.#stats.dropped++;
    this.#stats.droppedBytes += bytes;
  }

  /** Media is queued in the bounded input meanwhile; ffmpeg starts once the server accepted a TCP connection. */
  #start(inputFormat: string): void {
    this.#state = 'starting';
    void this.#reachable.then((ok) => {
      if (ok && this.#state === 'starting') this.#spawn(inputFormat);
    });
  }

  #spawn(inputFormat: string): void {
    const { input, output } = buildSessionArgs(inputFormat, this.deps.options);
    const log = this.deps.logger;
    this.#process = new FfmpegProcess({
      binary: this.deps.binary,
      input: this.#input,
      inputOptions: input,
      outputOptions: output,
      url: this.target.url,
      onSpawn: (pid, args) => log.info({ pid, args: redactArgs(args) }, 'ffmpeg started'),
      onLine: (line) => this.#onLine(line),
    });
    void this.#process.exited.then((exit) => this.#onExit(exit));
  }

  #onLine(raw: string): void {
    const line = parseStderrLine(raw);
    if (line.kind === 'progress') {
      // Progress spam is not logged; the first muxed frame after the output opened means published.
      // Not after a connect/publish/write error: ffmpeg prints a last report on its way out.
      if (this.#state === 'starting' && this.#outputOpened && line.frame > 0 && !this.#outputBroken()) {
        this.#state = 'published';
        this.deps.logger.info({ frames: line.frame }, 'ffmpeg published');
        this.#resolvePublished();
      }
      return;
    }
    if (line.kind === 'output-opened') this.#outputOpened = true;
    if (line.kind === 'error') {
      this.#lastError = { step: line.step, text: redactUrls(line.text) };
      this.deps.logger.warn({ line: redactUrls(line.text) }, 'ffmpeg error');
    } else if (this.#linesLogged < INITIAL_LINES_LOGGED && raw.trim()) {
      this.#linesLogged++;
      this.deps.logger.debug({ line: redactUrls(raw) }, 'ffmpeg');
    }
  }

  /** An error that means the RTMP output is gone (input-side complaints do not count). */
  #outputBroken(): boolean {
    const step = this.#lastError?.step;
    return step === 'connect' || step === 'publish' || step === 'write';
  }

  #onExit(exit: ProcessExit): void {
    const how = exit.spawnError
      ? `could not start ffmpeg: ${exit.spawnError.message}`
      : exit.signal ? `ffmpeg killed by ${exit.signal}` : `ffmpeg exited with code ${exit.code}`;
    const reason = this.#lastError ? `${how}: ${this.#lastError.text}` : how;
    this.deps.logger.info({ code: exit.code, signal: exit.signal }, 'ffmpeg exited');
    if (this.#state === 'closed') return;
    const step: FailureStep = this.#lastError?.step ?? (this.#outputOpened ? 'write' : 'ffmpeg');
    const error = rtmpFailed(step, redactUrls(reason));
    if (this.#state === 'published') this.#resolveFailed(error);
    else this.#rejectPublished(error);
    this.#state = 'closed';
    this.#input.destroy();
    this.deps.onEnd?.();
  }
}
