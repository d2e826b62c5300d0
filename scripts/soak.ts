/**
 * Soak run of issue 8 ("Leaks"): `npx tsx scripts/soak.ts [--cycles 1000] [--expiries N] [--sink native|counting]`.
 *
 * Starts the real service in this process, listening on loopback, with the simulator source and the native FLV
 * sink publishing to node-media-server in a child process (or, when native-flv-sink does not load or
 * `--sink counting`, the counting fixture sink). Drives it over HTTP (no keep-alive: every request its own
 * socket) with the mixed workload of test/reliability/workload.ts: N start/stop cycles on 4 workers, then N
 * heartbeat expiries in batches of 50. Prints, before and after (after GC), RSS, heap, active resources by type,
 * open file descriptors and child processes, and the service's own counts; exits 1 if anything is left open or
 * the heap grew beyond the stated bound. Re-runs itself with --expose-gc when needed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { startService } from '../core/service.js';
import { startNodeMediaServer, type RtmpServer } from '../test/support/rtmp-server.js';
import { REPO_ROOT } from '../test/support/service.js';
import { REFUSED_CHANNEL, activeResources, runCycles, runExpiries, type Send } from '../test/reliability/workload.js';

/** Heap growth allowed between the warmed-up baseline and the end, after GC. */
const HEAP_BOUND_MB = 16;
const PWD = 'Soak-Pw-9931';
const NVR = { nvr_category: 99, nvr_addr: '10.5.0.1', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: PWD };
const HEARTBEAT_MS = 1000;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  // Re-exec with --expose-gc so heap figures are measured after a full collection.
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', self, ...process.argv.slice(2)], { stdio: 'inherit', cwd: REPO_ROOT });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main(gc);
}

/** Child processes of this process, read from /proc (running `ps` would count itself). */
function childProcesses(exclude: number[]): number[] {
  const kids: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && !exclude.includes(Number(d))) kids.push(Number(d));
    } catch {
      // the process exited while we looked
    }
  }
  return kids;
}

function snapshot(gcFn: () => void, exclude: number[]) {
  for (let i = 0; i < 3; i++) gcFn();
  const m = process.memoryUsage();
  return {
    rssMB: +(m.rss / 2 ** 20).toFixed(1),
    heapUsedMB: +(m.heapUsed / 2 ** 20).toFixed(2),
    externalMB: +(m.external / 2 ** 20).toFixed(2),
    resources: activeResources(),
    fds: fs.readdirSync('/proc/self/fd').length,
    children: childProcesses(exclude).length,
  };
}

function sender(base: string): Send {
  const url = new URL(base);
  return (method, path, body) => new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({
      host: url.hostname, port: url.port, path, method, agent: false,
      headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => { try { resolve(JSON.parse(text)); } catch (e) { reject(e); } });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function main(gcFn: () => void): Promise<void> {
  const cycles = Number(arg('cycles', '1000'));
  const expiries = Number(arg('expiries', String(cycles)));
  let sinkKind = arg('sink', 'native');
  let rtmp: RtmpServer | undefined;
  if (sinkKind === 'native') {
    try {
      await import('../plugins/native-flv-sink/src/index.js');
      rtmp = await startNodeMediaServer();
    } catch (e) {
      console.log(`native-flv-sink or node-media-server unavailable (${(e as Error).message}); using the counting sink`);
      sinkKind = 'counting';
    }
  }
  let logLines = 0;
  const badLines: string[] = [];
  const svc = await startService({
    baseDir: REPO_ROOT,
    env: {},
    logSink: (l) => {
      logLines++;
      if (l.includes(PWD) || /"level":(50|60)/.test(l)) badLines.push(l.slice(0, 400));
    },
    overrides: {
      api: { host: '127.0.0.1', port: 0 },
      rtmp: { embedded: false, ...(rtmp ? { publishUrl: rtmp.publishBase } : {}) },
      sink: sinkKind === 'native' ? 'native-flv-sink' : 'counting-sink',
      heartbeat: { timeoutMs: HEARTBEAT_MS, sweepMs: 100 },
      login: { graceMs: 200 },
      log: { level: 'info' },
      plugins: [
        { module: './plugins/simulator', options: { password: PWD, refuseChannels: [REFUSED_CHANNEL] } },
        sinkKind === 'native' ? { module: './plugins/native-flv-sink' } : { module: './test/reliability/fixtures/counting-sink' },
      ],
    },
  });
  const send = sender(svc.url);
  // Children present from the start (tsx's esbuild service, node-media-server) are not the service's.
  const exclude = childProcesses([]);
  const t0 = Date.now();
  await runCycles(send, NVR, 50, 4); // warm-up: JIT, lazily built tables, first logins
  await new Promise((r) => setTimeout(r, 500));
  const before = snapshot(gcFn, exclude);
  console.log(`sink: ${sinkKind}${rtmp ? ` → node-media-server ${rtmp.publishBase}` : ''}; ${cycles} cycles, ${expiries} expiries`);
  console.log('before', JSON.stringify(before));
  const step = Math.max(1, Math.floor(cycles / 5));
  const counts = { live: 0, shared: 0, playback: 0, ptz: 0, refused: 0 };
  for (let done = 0; done < cycles; done += step) {
    const c = await runCycles(send, NVR, Math.min(step, cycles - done), 4);
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += c[k];
    console.log(`  cycles ${done + Math.min(step, cycles - done)}/${cycles}  heapUsed ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MB  ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const expired = await runExpiries(send, NVR, expiries, 50, HEARTBEAT_MS * 20);
  console.log(`  expiries ${expired}/${expiries}  ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const s = svc.service.scheduler;
  const sim = svc.service.plugins.sources.get(99)!.source as unknown as { sessions: Set<unknown>; logins: Set<unknown> };
  const end = Date.now() + 10_000;
  while ((s.handleCount || s.upstreamCount || s.logins.size || sim.sessions.size || sim.logins.size) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 1000));
  const after = snapshot(gcFn, exclude);
  const service = { handles: s.handleCount, upstreams: s.upstreamCount, poolLogins: s.logins.size, simSessions: sim.sessions.size, simLogins: sim.logins.size };
  console.log('after ', JSON.stringify(after));
  console.log('service', JSON.stringify(service), 'cycles', JSON.stringify(counts), `log lines ${logLines}`);
  const growth = after.heapUsedMB - before.heapUsedMB;
  const problems: string[] = [];
  if (Object.values(service).some((n) => n !== 0)) problems.push('service resources left open');
  if (after.children > before.children) problems.push('child processes left');
  if (after.fds > before.fds) problems.push(`file descriptors grew ${before.fds} → ${after.fds}`);
  for (const k of ['TCPSocketWrap', 'TCPServerWrap', 'PipeWrap', 'ProcessWrap', 'Timeout'])
    if ((after.resources[k] ?? 0) > (before.resources[k] ?? 0)) problems.push(`${k} grew ${before.resources[k] ?? 0} → ${after.resources[k]}`);
  if (growth > HEAP_BOUND_MB) problems.push(`heap grew ${growth.toFixed(2)} MB (bound ${HEAP_BOUND_MB} MB)`);
  if (badLines.length) problems.push(`${badLines.length} log lines with a password or at error level: ${badLines.slice(0, 3).join(' | ')}`);
  console.log(`heap growth ${growth.toFixed(2)} MB (bound ${HEAP_BOUND_MB} MB), rss ${before.rssMB} → ${after.rssMB} MB, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  await svc.close();
  await rtmp?.stop();
  console.log(problems.length ? `FAIL: ${problems.join('; ')}` : 'PASS: nothing left open, heap within bound');
  process.exit(problems.length ? 1 : 0);
}
