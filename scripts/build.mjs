#!/usr/bin/env node
/**
 * `npm run build` (always) and `npm start` (`--if-needed`): compiles the core and every plugin to their dist/
 * folders with `tsc -b` (incremental: an up-to-date tree costs a second). When TypeScript is not installed
 * (`npm prune --omit=dev`), `--if-needed` accepts an existing build and fails with a clear line otherwise.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(root, 'core/dist/main.js');
const ifNeeded = process.argv.includes('--if-needed');

let tsc;
try {
  tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  if (ifNeeded && fs.existsSync(main)) process.exit(0);
  process.stderr.write('nvr-pusher: TypeScript is not installed and there is no build; run `npm ci && npm run build`\n');
  process.exit(1);
}
const r = spawnSync(process.execPath, [tsc, '-b', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
fs.chmodSync(main, 0o755);
