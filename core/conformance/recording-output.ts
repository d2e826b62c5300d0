import type { FormatLookup, MediaFrame, MediaOutput, PusherError } from '@nvr-pusher/core/contracts';

/**
 * A MediaOutput that records everything a source writes, demuxing raw bytes with the named format so tests can
 * assert on frames whichever way the source delivers.
 */
export class RecordingOutput implements MediaOutput {
  readonly frames: MediaFrame[] = [];
  readonly rawFormats = new Set<string>();
  rawBytes = 0;
  discontinuities: string[] = [];
  states: string[] = [];
  ended = false;
  failure?: PusherError;
  /** Writes that arrived after `seal()` (a source must stop writing once closed). */
  lateWrites = 0;
  private sealed = false;
  private readonly demuxers = new Map<string, ReturnType<NonNullable<ReturnType<FormatLookup['get']>>['createDemuxer']>>();

  constructor(private readonly formats: FormatLookup) {}

  seal(): void {
    this.sealed = true;
  }

  writeRaw(format: string, data: Uint8Array): void {
    if (this.sealed) { this.lateWrites++; return; }
    this.rawFormats.add(format);
    this.rawBytes += data.length;
    let d = this.demuxers.get(format);
    if (!d) {
      const f = this.formats.get(format);
      if (!f) throw new Error(`source wrote unregistered format '${format}'`);
      d = f.createDemuxer();
      this.demuxers.set(format, d);
    }
    this.frames.push(...d.push(data));
  }

  writeFrame(frame: MediaFrame): void {
    if (this.sealed) { this.lateWrites++; return; }
    this.frames.push(frame);
  }

  discontinuity(reason: string): void {
    this.discontinuities.push(reason);
  }

  state(state: 'reconnecting' | 'resumed'): void {
    this.states.push(state);
  }

  end(): void {
    this.ended = true;
  }

  fail(error: PusherError): void {
    this.failure = error;
  }

  get videoKeyFrames(): MediaFrame[] {
    return this.frames.filter((f) => f.track.kind === 'video' && f.key);
  }
}
