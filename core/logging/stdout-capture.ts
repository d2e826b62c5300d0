/**
 * Keeps text that native code (or a library) writes to the process's stdout out of the JSON log stream.
 *
 * Vendor SDKs print from C straight to file descriptor 1 (the real HCNetSDK's `NET_DVR_Init` prints
 * `loop[2] find 2 mac and 3 ip`), and some npm packages print banners; either breaks "one JSON object per line".
 * `captureStdout` keeps a duplicate of the original stdout for the logger (`write`) and makes fd 1 a pipe whose
 * lines are handed to `onLine` — the service logs each as a record (`source: 'stdout'`). Linux only (libc through
 * koffi); elsewhere it returns undefined and stdout is left alone.
 */
import fs from 'node:fs';
import net from 'node:net';
import koffi from 'koffi';

/** Longest line kept whole; a longer one is cut into pieces of this size. */
const MAX_LINE = 16 * 1024;

export interface StdoutCapture {
  /** Writes to the original stdout (the log stream), whatever fd 1 is now. */
  write(text: string): void;
  /** Puts the original stdout back on fd 1 and hands over a last unterminated line. */
  stop(): void;
}

interface Libc {
  /** Makes C's `stdout` FILE line-buffered: a pipe would otherwise hold printf output until exit. */
  lineBuffered: () => void;
  flush: () => void;
  pipe: (fds: Int32Array) => number;
  dup: (fd: number) => number;
  dup2: (from: number, to: number) => number;
  close: (fd: number) => number;
}
let libc: Libc | undefined;
function loadLibc(): Libc {
  if (!libc) {
    const lib = koffi.load('libc.so.6');
    const setvbuf = lib.func('int setvbuf(void *stream, char *buf, int mode, size_t size)');
    const fflush = lib.func('int fflush(void *stream)');
    const stdoutFile = () => koffi.decode(lib.symbol('stdout'), 'void *') as bigint;
    const IOLBF = 1;
    libc = {
      lineBuffered: () => void setvbuf(stdoutFile(), null, IOLBF, 0),
      flush: () => void fflush(null),
      pipe: lib.func('int pipe(int *fds)'),
      dup: lib.func('int dup(int fd)'),
      dup2: lib.func('int dup2(int oldfd, int newfd)'),
      close: lib.func('int close(int fd)'),
    };
  }
  return libc;
}

/** Splits a byte stream into lines (without the `\n`, `\r\n` trimmed), bounded by MAX_LINE. Pure. */
export class LineSplitter {
  private partial = '';
  push(chunk: string, onLine: (line: string) => void): void {
    let text = this.partial + chunk;
    let nl: number;
    while ((nl = text.indexOf('\n')) >= 0) {
      this.emit(text.slice(0, nl), onLine);
      text = text.slice(nl + 1);
    }
    while (text.length > MAX_LINE) {
      onLine(text.slice(0, MAX_LINE));
      text = text.slice(MAX_LINE);
    }
    this.partial = text;
  }
  flush(onLine: (line: string) => void): void {
    if (this.partial) this.emit(this.partial, onLine);
    this.partial = '';
  }
  private emit(line: string, onLine: (line: string) => void): void {
    const l = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (l.trim()) onLine(l);
  }
}

/** Blocks ~1 ms (a full non-blocking pipe: the reader is behind). */
const pause = (() => {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return () => Atomics.wait(cell, 0, 0, 1);
})();

/** Writes all of `text` to `fd` synchronously (log lines keep their order and survive `process.exit`). */
function writeAll(fd: number, text: string): void {
  let buf = Buffer.from(text);
  while (buf.length) {
    try {
      buf = buf.subarray(fs.writeSync(fd, buf));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      pause();
    }
  }
}

/** Redirects fd 1 into a pipe read on the event loop; undefined where libc cannot be reached (not Linux). */
export function captureStdout(onLine: (line: string) => void): StdoutCapture | undefined {
  if (process.platform !== 'linux') return undefined;
  const c = loadLibc();
  const saved = c.dup(1);
  if (saved < 0) return undefined;
  const fds = new Int32Array(2);
  if (c.pipe(fds) !== 0) {
    c.close(saved);
    return undefined;
  }
  const [readFd, writeFd] = [fds[0]!, fds[1]!];
  c.flush();
  c.lineBuffered();
  c.dup2(writeFd, 1);
  c.close(writeFd);
  const splitter = new LineSplitter();
  const reader = new net.Socket({ fd: readFd, readable: true, writable: false });
  reader.setEncoding('utf8');
  reader.on('data', (chunk: string) => splitter.push(chunk, onLine));
  reader.on('error', () => undefined);
  reader.unref(); // never keeps the process alive
  let stopped = false;
  return {
    write: (text) => writeAll(stopped ? 1 : saved, text),
    stop() {
      if (stopped) return;
      stopped = true;
      c.flush();
      c.dup2(saved, 1); // the pipe's last writer is gone: the reader sees its end
      c.close(saved);
      reader.once('end', () => splitter.flush(onLine));
    },
  };
}

export interface StdoutLogBridge {
  /** The log sink for `startService` (the original stdout), undefined when stdout is not captured. */
  readonly logSink: ((line: string) => void) | undefined;
  /** From now on captured lines become `{source:'stdout'}` records of `logger`; lines captured before go first. */
  attach(logger: { info(obj: object, msg: string): void }): void;
  /** Lines captured while no logger was attached (startup failed): hand them to stderr. */
  drainTo(write: (text: string) => void): void;
}

/** `captureStdout` wired for a service entry point whose logger exists only once startup has begun. */
export function stdoutLogBridge(): StdoutLogBridge {
  const early: string[] = [];
  let logger: { info(obj: object, msg: string): void } | undefined;
  const log = (line: string) => logger!.info({ source: 'stdout' }, line);
  const capture = captureStdout((line) => (logger ? log(line) : early.push(line)));
  return {
    logSink: capture ? (line) => capture.write(line) : undefined,
    attach(l) {
      logger = l;
      for (const line of early.splice(0)) log(line);
    },
    drainTo(write) {
      for (const line of early.splice(0)) write(`${line}\n`);
    },
  };
}
