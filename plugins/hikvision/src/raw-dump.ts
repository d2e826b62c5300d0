/**
 * The capture switch (`dumpRaw`): every SDK data callback of a session, appended to
 * `<dir>/<label>-<time>.hikraw` (format: `format/hikraw-capture.ts`).
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { encodeHikRawRecord } from './format/hikraw-capture.js';

export class RawDump {
  private readonly stream: WriteStream;
  readonly file: string;

  constructor(dir: string, label: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${label}-${new Date().toISOString().replace(/[:.]/g, '-')}.hikraw`);
    this.stream = createWriteStream(this.file);
    this.stream.on('error', () => undefined); // a failing capture must not break the stream
  }

  write(dataType: number, bytes: Uint8Array): void {
    this.stream.write(encodeHikRawRecord({ dataType, bytes }));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
