/**
 * HTTP load generators for GET requests over keep-alive connections: wrk (Debian package, installed with apt when
 * missing and possible) and a Node loop (autocannon-like: `connections` sockets, one request in flight on each).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WORK_DIR } from './paths.js';
import { percentile } from './stats.js';

export interface LoadResult { tool: string; requests: number; rps: number; errors: number; p50Ms: number; p99Ms: number }

export function ensureWrk(): string | undefined {
  const has = () => spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).stdout.trim() || undefined;
  if (has()) return has();
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    process.stderr.write('installing wrk with apt-get ...\n');
    spawnSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  return has();
}

export function wrkLoad(base: string, paths: string[], connections: number, seconds: number): LoadResult {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const script = path.join(WORK_DIR, 'beats.lua');
  fs.writeFileSync(script, `local paths = {${paths.map((p) => `"${p}"`).join(',')}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
`);
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, base], { encoding: 'utf8' });
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
  const ms = (re: RegExp) => {
    const m = re.exec(out);
    if (!m) return NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const errors = num(/Non-2xx or 3xx responses: (\d+)/) || 0;
  return {
    tool: `wrk -t1 -c${connections}`,
    requests: num(/(\d+) requests in/),
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    errors,
    p50Ms: ms(/\s50%\s+([\d.]+)(us|ms|s)/),
    p99Ms: ms(/\s99%\s+([\d.]+)(us|ms|s)/),
  };
}

export async function nodeLoad(base: string, paths: string[], connections: number, seconds: number): Promise<LoadResult> {
  const u = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const lat: number[] = [];
  let requests = 0;
  let errors = 0;
  let next = 0;
  const end = performance.now() + seconds * 1000;
  const one = (p: string) => new Promise<void>((resolve) => {
    const t0 = performance.now();
    const req = http.request({ host: u.hostname, port: u.port, path: p, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => {
        if (!body.includes('"status_code":200')) errors++;
        lat.push(performance.now() - t0);
        requests++;
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end();
  });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) await one(paths[next++ % paths.length]!);
  }));
  const secs = (performance.now() - t0) / 1000;
  agent.destroy();
  return { tool: `node http loop, ${connections} connections`, requests, rps: requests / secs, errors, p50Ms: percentile(lat, 50), p99Ms: percentile(lat, 99) };
}
