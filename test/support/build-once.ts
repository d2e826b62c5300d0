/**
 * vitest globalSetup of the integration project: builds dist/ once (`scripts/build.mjs`, incremental) before
 * tests that start the compiled service, pack the core or exercise `npm start`, so they never build concurrently.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './service.js';

export default function setup(): void {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
}
