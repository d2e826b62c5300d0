/** A `MediaOutput` that records every call, in order (adapter and integration tests). */
import type { MediaFrame, MediaOutput, PusherError } from '@nvr-pusher/core/contracts';

export type OutputEvent =
  | { kind: 'raw'; format: string; data: Uint8Array }
  | { kind: 'frame'; frame: MediaFrame }
  | { kind: 'discontinuity'; reason: string }
  | { kind: 'state'; state: 'reconnecting' | 'resumed'; detail?: string }
  | { kind: 'end' }
  | { kind: 'fail'; error: PusherError };

export class RecordingOutput implements MediaOutput {
  readonly events: OutputEvent[] = [];
  writeRaw(format: string, data: Uint8Array): void {
    this.events.push({ kind: 'raw', format, data });
  }
  writeFrame(frame: MediaFrame): void {
    this.events.push({ kind: 'frame', frame });
  }
  discontinuity(reason: string): void {
    this.events.push({ kind: 'discontinuity', reason });
  }
  state(state: 'reconnecting' | 'resumed', detail?: string): void {
    this.events.push({ kind: 'state', state, detail });
  }
  end(): void {
    this.events.push({ kind: 'end' });
  }
  fail(error: PusherError): void {
    this.events.push({ kind: 'fail', error });
  }
  of<K extends OutputEvent['kind']>(kind: K): Extract<OutputEvent, { kind: K }>[] {
    return this.events.filter((e): e is Extract<OutputEvent, { kind: K }> => e.kind === kind);
  }
  rawBytes(): Buffer {
    return Buffer.concat(this.of('raw').map((e) => e.data));
  }
}
