import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from '@nvr-pusher/core/contracts';
import { REDACT_PATHS, type SecretRegistry } from './secrets.js';

/** Where log lines go after redaction (stdout by default; tests pass a collector). */
export type LineSink = (line: string) => void;

/**
 * The service logger: pino with structural redaction, written through a stream that masks every registered
 * secret in the final text, so a password inside an SDK message or an ffmpeg argument list is masked too.
 */
export function createLogger(level: string, secrets: SecretRegistry, sink: LineSink = (l) => process.stdout.write(l)): pino.Logger & Logger {
  const dest = new Writable({
    write(chunk, _enc, cb) {
      sink(secrets.redact(String(chunk)));
      cb();
    },
  });
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '***' }, base: { service: 'nvr-pusher' } }, dest) as pino.Logger & Logger;
}
