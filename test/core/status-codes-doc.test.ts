import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StatusCode } from '@nvr-pusher/core/contracts';
import { REPO_ROOT } from '../support/service.js';

/** fastify's errors.test.js idea: the code table and the API document never drift apart. */
describe('status codes', () => {
  const apiMd = fs.readFileSync(path.join(REPO_ROOT, 'docs/api.md'), 'utf8');
  const documented = new Map([...apiMd.matchAll(/^\| (\d{3}) \| (ERR_[A-Z_]+) \|/gm)].map((m) => [m[2]!, Number(m[1])]));

  it('every code in errors.ts is in the docs/api.md table with the same name, and the reverse', () => {
    expect(documented.size).toBeGreaterThanOrEqual(11);
    expect(Object.fromEntries(documented)).toEqual({ ...StatusCode });
  });

  it('README lists every status code', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const code of Object.values(StatusCode)) expect(readme).toContain(String(code));
  });
});
