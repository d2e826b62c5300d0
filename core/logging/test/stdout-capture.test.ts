import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../stdout-capture.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('LineSplitter', () => {
  it('gives the same lines whatever the chunk sizes, without blank lines or \\r', () => {
    const text = 'first\r\nsecond line\n\n  \nthird';
    for (const size of [1, 2, 3, 5, 7, text.length]) {
      const lines: string[] = [];
      const s = new LineSplitter();
      for (let i = 0; i < text.length; i += size) s.push(text.slice(i, i + size), (l) => lines.push(l));
      s.flush((l) => lines.push(l));
      expect(lines).toEqual(['first', 'second line', 'third']);
    }
  });

  it('cuts an endless line into bounded pieces', () => {
    const lines: string[] = [];
    const s = new LineSplitter();
    s.push('x'.repeat(40_000), (l) => lines.push(l));
    expect(lines.map((l) => l.length)).toEqual([16_384, 16_384]);
  });
});

describe.runIf(process.platform === 'linux')('captureStdout in a real process', () => {
  it('turns what C code and libraries print on fd 1 into log records; stdout stays one JSON object per line', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'capture-child.ts')], { cwd: ROOT });
    const lines = stdout.trim().split('\n');
    const records = lines.map((l) => JSON.parse(l) as { source?: string; msg: string });
    expect(records.filter((r) => r.source === 'stdout').map((r) => r.msg)).toEqual([
      'loop[2] find 2 mac and 3 ip', 'a banner from a library', 'half a line from C', 'console output',
    ]);
    expect(records.filter((r) => !r.source).map((r) => r.msg)).toEqual(['logger line', 'done']);
  }, 30_000);
});
