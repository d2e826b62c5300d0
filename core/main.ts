/** `npm start`: nvr-pusher [--config FILE]   (or NVR_PUSHER_CONFIG=FILE). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { configFileFromArgs } from './config/load-config.js';
import { startService } from './service.js';
import { stdoutLogBridge } from './logging/stdout-capture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_CONFIG = path.resolve(here, '../config/default.json5');

async function main(): Promise<void> {
  const file = configFileFromArgs(process.argv.slice(2)) ?? (fs.existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  // Native SDKs print to fd 1 from C: their lines become log records, the log stays one JSON object per line.
  const stdout = stdoutLogBridge();
  const svc = await startService({ file, logSink: stdout.logSink }).catch((e: unknown) => {
    stdout.drainTo((t) => process.stderr.write(t));
    throw e;
  });
  stdout.attach(svc.service.logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    svc.service.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      svc.service.logger.error('graceful shutdown took too long; exiting');
      process.exit(1);
    }, svc.config.shutdown.drainMs + svc.config.shutdown.timeoutMs);
    force.unref();
    svc.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // A plugin bug surfacing asynchronously must not take every other stream down with it: log it and go on.
  process.on('unhandledRejection', (e) => svc.service.logger.error({ err: e }, 'unhandled promise rejection'));
  process.on('uncaughtException', (e) => svc.service.logger.error({ err: e }, 'uncaught exception'));
}

main().catch((e: Error) => {
  process.stderr.write(`nvr-pusher: ${e.message}\n`);
  process.exit(1);
});
