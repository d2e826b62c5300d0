import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The core runs either from its TypeScript sources (vitest, tsx) or compiled (`npm run build`, production). A
 * plugin directory is entered the same way: TypeScript sources next to TypeScript, compiled output next to
 * compiled output, so one process never holds two copies of the contracts.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

type Exports = string | { [condition: string]: Exports } | undefined;

/** The file a package.json `exports["."]` (or `main`) names for the way the core runs. */
function packageEntry(dir: string): string | undefined {
  const pkgFile = path.join(dir, 'package.json');
  if (!fs.existsSync(pkgFile)) return undefined;
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { main?: string; exports?: Exports | Record<string, Exports> };
  const dot = pkg.exports && typeof pkg.exports === 'object' && '.' in pkg.exports ? pkg.exports['.'] : pkg.exports;
  const conditions = FROM_SOURCE ? ['source', 'import', 'default'] : ['import', 'default'];
  const pick = (e: Exports): string | undefined => {
    if (typeof e === 'string' || e === undefined) return e;
    for (const c of conditions) if (c in e) return pick(e[c]);
    return undefined;
  };
  const rel = pick(dot as Exports) ?? pkg.main;
  if (!rel) return undefined;
  const file = path.join(dir, rel);
  if (!fs.existsSync(file)) throw new Error(`${pkgFile} names ${rel}, which does not exist${rel.includes('dist') ? ' (run npm run build)' : ''}`);
  return file;
}

const ENTRY_CANDIDATES = FROM_SOURCE ? ['src/index.ts', 'index.ts', 'dist/index.js', 'index.js'] : ['dist/index.js', 'index.js'];

function entryOfDirectory(dir: string): string | undefined {
  return packageEntry(dir) ?? ENTRY_CANDIDATES.map((c) => path.join(dir, c)).find((f) => fs.existsSync(f));
}

/**
 * Turns a `plugins[].module` value into an importable URL. Paths (`./x`, `/x`) resolve against `baseDir`; a
 * directory is entered through its package.json `exports` (condition `source` when the core runs from
 * TypeScript) or `main`, else `src/index.ts` / `dist/index.js`. A bare name is a package; a bare name without a
 * scope also tries the built-in workspace package `@nvr-pusher/plugin-<name>`.
 */
export function resolvePluginModule(spec: string, baseDir: string): string {
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const p = path.resolve(baseDir, spec);
    if (!fs.existsSync(p)) throw new Error(`no such file or directory: ${p}`);
    const file = fs.statSync(p).isDirectory() ? entryOfDirectory(p) : p;
    if (!file) throw new Error(`directory ${p} has no package.json exports or main, and no ${ENTRY_CANDIDATES[0]}`);
    return pathToFileURL(file).href;
  }
  // From the config's folder first, then from the core's own install (bare names work from any directory).
  const lookups = [createRequire(path.join(baseDir, 'noop.js')), createRequire(import.meta.url)];
  const candidates = spec.startsWith('@') || spec.includes('/') ? [spec] : [spec, `@nvr-pusher/plugin-${spec}`];
  for (const c of candidates) {
    // Look the package folder up along node_modules (its `exports` may hide package.json from require.resolve).
    for (const nm of lookups.flatMap((req) => req.resolve.paths(c) ?? [])) {
      const dir = path.join(nm, c);
      const file = fs.existsSync(path.join(dir, 'package.json')) ? entryOfDirectory(dir) : undefined;
      if (file) return pathToFileURL(file).href;
    }
  }
  throw new Error(`package not found (tried ${candidates.join(', ')})`);
}

/** The version in the package.json nearest above a resolved plugin module (what the console and logs show). */
export function packageVersionOf(moduleUrl: string): string | undefined {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (let i = 0; i < 4; i++) {
    const f = path.join(dir, 'package.json');
    if (fs.existsSync(f)) {
      try {
        const v = (JSON.parse(fs.readFileSync(f, 'utf8')) as { version?: unknown }).version;
        return typeof v === 'string' ? v : undefined;
      } catch {
        return undefined;
      }
    }
    dir = path.dirname(dir);
  }
  return undefined;
}
