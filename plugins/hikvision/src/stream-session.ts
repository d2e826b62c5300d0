/**
 * What live and playback sessions share: turning SDK data callbacks into `MediaOutput` calls (SYSHEAD once, PS
 * data as `hik-ps`), connection state reported on change only, the optional raw dump, and a close that stops
 * the SDK session exactly once and then lets nothing more reach the output.
 */
import type { Logger, MediaOutput, PusherError } from '@nvr-pusher/core/contracts';
import { isImkhHeader, parseImkhHeader } from './format/imkh-header.js';
import { RawDump } from './raw-dump.js';
import { DataType } from './sdk/index.js';

export const HIK_PS = 'hik-ps';

export abstract class StreamSession {
  handle = -1;
  /** Called once the session is closed (the source stops routing exceptions to it). */
  onClosed: (() => void) | undefined;
  userId: number;
  protected closed = false;
  protected failed = false;
  private reconnecting = false;
  private header: Uint8Array | undefined;
  private readonly dump: RawDump | undefined;

  constructor(
    userId: number,
    protected readonly out: MediaOutput,
    protected readonly log: Logger,
    dumpDir: string,
    label: string,
  ) {
    this.userId = userId;
    this.dump = dumpDir ? new RawDump(dumpDir, label) : undefined;
  }

  /** The data callback body: bytes were already copied out of SDK memory. */
  readonly onData = (dataType: number, bytes: Uint8Array): void => {
    if (this.closed) return;
    this.dump?.write(dataType, bytes);
    switch (dataType) {
      case DataType.SYSHEAD:
        this.onHeader(bytes);
        break;
      case DataType.STREAMDATA:
      case DataType.AUDIOSTREAMDATA:
        if (bytes.length === 0) return;
        if (this.reconnecting) this.setState('resumed', 'data flows again');
        this.out.writeRaw(HIK_PS, bytes);
        break;
      default:
        this.onOtherData(dataType);
    }
  };

  private onHeader(bytes: Uint8Array): void {
    if (!isImkhHeader(bytes)) {
      this.log.warn({ size: bytes.length }, 'SYSHEAD without the IMKH magic; passing it on');
    } else {
      try {
        const h = parseImkhHeader(bytes);
        if (!this.header) this.log.debug({ imkh: h }, 'stream header');
      } catch (e) {
        this.log.warn({ err: e }, 'malformed IMKH header; passing it on');
      }
    }
    const repeat = this.header !== undefined;
    if (repeat && Buffer.compare(Buffer.from(this.header!), Buffer.from(bytes)) === 0) {
      this.out.discontinuity('stream restarted by the SDK'); // same format, new timeline
      return;
    }
    if (repeat) this.out.discontinuity('stream header changed');
    this.header = bytes;
    this.out.writeRaw(HIK_PS, bytes);
  }

  protected onOtherData(_dataType: number): void {}

  /** Reports a connection state change (only on change). */
  setState(state: 'reconnecting' | 'resumed', detail: string): void {
    if (this.closed || (state === 'reconnecting') === this.reconnecting) return;
    this.reconnecting = state === 'reconnecting';
    this.out.state(state, detail);
  }

  /** Reports the session failed for good (once; nothing after it). */
  fail(error: PusherError): void {
    if (this.closed || this.failed) return;
    this.failed = true;
    this.out.fail(error);
  }

  protected abstract stop(): Promise<void>;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.handle >= 0) await this.stop();
    } catch (e) {
      this.log.warn({ err: e, handle: this.handle }, 'stopping the SDK session failed');
    }
    await this.dump?.close();
    this.onClosed?.();
  }
}
