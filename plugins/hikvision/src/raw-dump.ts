/**
 * The capture switch (`dumpRaw`): every SDK data callback of a session, appended to
 * `<dir>/<label>-<time>.hikraw` as records of `u32le dataType, u32le length, payload` (conventions §34).
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

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
    const head = Buffer.alloc(8);
    head.writeUInt32LE(dataType, 0);
    head.writeUInt32LE(bytes.length, 4);
    this.stream.write(head);
    this.stream.write(bytes);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}

/** Reads a `.hikraw` capture back into its records (used to build fixtures). */
export function readRawDump(bytes: Uint8Array): { dataType: number; bytes: Uint8Array }[] {
  const out: { dataType: number; bytes: Uint8Array }[] = [];
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let pos = 0;
  while (pos + 8 <= view.length) {
    const dataType = view.readUInt32LE(pos), len = view.readUInt32LE(pos + 4);
    if (pos + 8 + len > view.length) break;
    out.push({ dataType, bytes: view.subarray(pos + 8, pos + 8 + len) });
    pos += 8 + len;
  }
  return out;
}
