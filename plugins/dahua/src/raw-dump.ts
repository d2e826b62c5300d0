/** The `dumpRaw` capture switch: appends every SDK payload of a session to `<dir>/<label>-<time>.dav`. */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export class RawDump {
  private readonly stream: WriteStream;
  constructor(dir: string, label: string) {
    mkdirSync(dir, { recursive: true });
    this.stream = createWriteStream(join(dir, `${label.replace(/[^\w.-]+/g, '_')}-${Date.now()}.dav`));
  }
  write(bytes: Uint8Array): void {
    this.stream.write(bytes);
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
