import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(BENCH_DIR, '..');
/** Generated configs and profiles (gitignored). */
export const WORK_DIR = path.join(BENCH_DIR, '.work');
