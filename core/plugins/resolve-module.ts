import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRY_CANDIDATES = ['src/index.ts', 'index.ts', 'src/index.js', 'index.js'];

function entryOfDirectory(dir: string): string | undefined {
  const pkgFile = path.join(dir, 'package.json');
  if (fs.existsSync(pkgFile)) {
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { main?: string };
    if (pkg.main && fs.existsSync(path.join(dir, pkg.main))) return path.join(dir, pkg.main);
  }
  return ENTRY_CANDIDATES.map((c) => path.join(dir, c)).find((f) => fs.existsSync(f));
}

/**
 * Turns a `plugins[].module` value into an importable URL. Paths (`./x`, `/x`) resolve against `baseDir`; a
 * directory is entered through its package.json `main` or `src/index.ts`. A bare name is a package; a bare name
 * without a scope also tries the built-in workspace package `@nvr-pusher/plugin-<name>`.
 */
export function resolvePluginModule(spec: string, baseDir: string): string {
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const p = path.resolve(baseDir, spec);
    if (!fs.existsSync(p)) throw new Error(`no such file or directory: ${p}`);
    const file = fs.statSync(p).isDirectory() ? entryOfDirectory(p) : p;
    if (!file) throw new Error(`directory ${p} has no package.json main and no src/index.ts`);
    return pathToFileURL(file).href;
  }
  const req = createRequire(path.join(baseDir, 'noop.js'));
  const candidates = spec.startsWith('@') || spec.includes('/') ? [spec] : [spec, `@nvr-pusher/plugin-${spec}`];
  for (const c of candidates) {
    // Look the package folder up along node_modules (its `exports` may hide package.json from require.resolve).
    for (const nm of req.resolve.paths(c) ?? []) {
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
