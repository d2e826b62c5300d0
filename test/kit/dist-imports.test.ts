/**
 * The production flow (`npm ci && npm run build && npm prune --omit=dev`) keeps only `dependencies`, and an
 * installed @nvr-pusher/core (the plugin kit) brings only its own: every package a workspace's compiled output
 * imports must be in that workspace's package.json `dependencies` (or be a Node built-in), never a devDependency.
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
  const workspaces = ['core', ...fs.readdirSync(path.join(REPO_ROOT, 'plugins')).map((p) => `plugins/${p}`)];

  it('exists for the core and every plugin (npm run build)', () => {
    for (const w of workspaces) expect(fs.existsSync(path.join(REPO_ROOT, w, 'dist', w === 'core' ? 'main.js' : 'index.js')), w).toBe(true);
  });

  it.each(workspaces)('%s imports only its own dependencies, Node built-ins and the workspace packages', (w) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, w, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const allowed = new Set([...Object.keys(pkg.dependencies ?? {}), ...builtinModules]);
    const offending: string[] = [];
    for (const file of jsFiles(path.join(REPO_ROOT, w, 'dist'))) {
      // The conformance kit is for plugin tests: vitest comes from the plugin's devDependencies.
      if (file.includes(`${path.sep}conformance${path.sep}`)) continue;
      for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
        if (spec!.startsWith('.') || spec!.startsWith('node:') || spec!.startsWith('@nvr-pusher/')) continue;
        if (!allowed.has(packageName(spec!))) offending.push(`${path.relative(REPO_ROOT, file)}: ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
