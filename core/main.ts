#!/usr/bin/env node
/**
 * The service's entry point: `nvr-pusher [--config FILE]` (or NVR_PUSHER_CONFIG=FILE), `node core/dist/main.js`
 * in production, `npm start` for a first run. Without a config file it reads the repository's
 * config/default.json5 when there is one.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { configFileFromArgs } from './config/load-config.js';
import { startService } from './service.js';
import { stdoutLogBridge } from './logging/stdout-capture.js';
import { installSignalHandlers } from './signals.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// core/main.ts → ../config; core/dist/main.js → ../../config.
const DEFAULT_CONFIG = ['../config/default.json5', '../../config/default.json5']
  .map((f) => path.resolve(here, f))
  .find((f) => fs.existsSync(f));

async function main(): Promise<void> {
  const file = configFileFromArgs(process.argv.slice(2)) ?? DEFAULT_CONFIG;
  // Native SDKs print to fd 1 from C: their lines become log records, the log stays one JSON object per line.
  const stdout = stdoutLogBridge();
  const svc = await startService({ file, logSink: stdout.logSink }).catch((e: unknown) => {
    stdout.drainTo((t) => process.stderr.write(t));
    throw e;
  });
  stdout.attach(svc.service.logger);
  installSignalHandlers(svc);
}

main().catch((e: Error) => {
  process.stderr.write(`nvr-pusher: ${e.message}\n`);
  process.exit(1);
});
