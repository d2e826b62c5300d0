/**
 * The production flow (`npm ci && npm run build && npm prune --omit=dev`) keeps only `dependencies`: every
 * package the compiled output imports must be one of them (or a Node built-in), never a devDependency like tsx.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/service.js';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsFiles(p) : e.name.endsWith('.js') ? [p] : [];
  });
}

const packageName = (s: string) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!);

describe('compiled output', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
  const dists = [path.join(REPO_ROOT, 'core/dist'), ...fs.readdirSync(path.join(REPO_ROOT, 'plugins')).map((p) => path.join(REPO_ROOT, 'plugins', p, 'dist'))];

  it('exists for the core and every plugin (npm run build)', () => {
    for (const d of dists) expect(fs.existsSync(path.join(d, 'index.js')) || fs.existsSync(path.join(d, 'main.js')), d).toBe(true);
  });

  it('imports only runtime dependencies, Node built-ins and the workspace packages', () => {
    const offending: string[] = [];
    for (const file of dists.flatMap(jsFiles)) {
      // The conformance kit is for plugin tests: vitest is its optional peer dependency.
      if (file.includes(`${path.sep}conformance${path.sep}`)) continue;
      for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
        if (spec!.startsWith('.') || spec!.startsWith('node:') || spec!.startsWith('@nvr-pusher/')) continue;
        if (!allowed.has(packageName(spec!))) offending.push(`${path.relative(REPO_ROOT, file)}: ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
