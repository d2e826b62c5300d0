/** Runs the real `core/main.ts` in a child process with a temporary config file (issue 8: process-level faults). */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../support/service.js';

export interface PusherProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Every stdout line so far (JSON log lines). */
  readonly lines: string[];
  readonly stderr: string[];
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  readonly exited: Promise<number | string>;
  send(method: 'GET' | 'POST', p: string, body?: unknown): Promise<any>;
  kill(): void;
}

/**
 * Starts `node --import tsx core/main.ts --config <tmp>.json5`. Plugin modules are absolute paths: relative ones
 * would resolve against the config file's directory (the temp dir).
 */
export async function startPusherProcess(config: Record<string, unknown>, readyTimeoutMs = 30_000): Promise<PusherProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nvr-pusher-reliability-'));
  const file = path.join(dir, 'config.json5');
  fs.writeFileSync(file, JSON.stringify({ api: { host: '127.0.0.1', port: 0 }, rtmp: { embedded: false }, ...config }, null, 2));
  const child = spawn(process.execPath, ['--import', 'tsx', 'core/main.ts', '--config', file], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const stderr: string[] = [];
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    lines.push(...parts.filter(Boolean));
  });
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => {
    fs.rmSync(dir, { recursive: true, force: true });
    resolve(code ?? signal ?? -1);
  }));
  const end = Date.now() + readyTimeoutMs;
  let url: string | undefined;
  while (!url) {
    const ready = lines.find((l) => l.includes('"nvr-pusher ready"'));
    if (ready) url = JSON.parse(ready).url as string;
    else if (child.exitCode !== null) throw new Error(`pusher exited with ${child.exitCode}: ${stderr.join('')}`);
    else if (Date.now() > end) { child.kill('SIGKILL'); throw new Error(`pusher not ready: ${stderr.join('')}`); }
    else await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child, url, lines, stderr, exited,
    async send(method, p, body) {
      const res = await fetch(url + p, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { 'content-type': 'application/json' } });
      return res.json();
    },
    kill: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); },
  };
}

export const pluginPath = (rel: string) => path.join(REPO_ROOT, rel);
