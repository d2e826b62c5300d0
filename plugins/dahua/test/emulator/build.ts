/**
 * Builds the emulator library with gcc into test/.work/emu-<hash of sources>/libdhnetsdk.so. Rebuilt when a
 * source changes; compiled under a temporary name and renamed, so test files building at once are safe.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
const WORK = join(HERE, '..', '.work');
export const EMULATOR_LIBRARY_NAME = 'libdhnetsdk.so';

export async function buildEmulator(): Promise<{ dir: string; path: string }> {
  const sources = readdirSync(HERE).filter((f) => f.endsWith('.c') || f.endsWith('.h')).sort();
  const hash = createHash('sha256');
  for (const f of sources) hash.update(f).update(readFileSync(join(HERE, f)));
  const dir = join(WORK, `emu-${hash.digest('hex').slice(0, 12)}`);
  const path = join(dir, EMULATOR_LIBRARY_NAME);
  if (existsSync(path)) return { dir, path };
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const cfiles = sources.filter((f) => f.endsWith('.c')).map((f) => join(HERE, f));
  await run('gcc', ['-shared', '-fPIC', '-pthread', '-O1', '-Wall', '-Wno-format-truncation', '-fvisibility=hidden', '-o', tmp, ...cfiles]);
  renameSync(tmp, path);
  return { dir, path };
}
