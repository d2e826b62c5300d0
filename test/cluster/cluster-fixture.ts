/**
 * A cluster for tests: redis-server, node-media-server and N pusher processes (core/main.ts, via the one process
 * helper test/reliability/pusher-process.ts) with the simulator and the native sink, each on its own free port.
 */
import { freePort } from '../support/ports.js';
import { startNodeMediaServer, type RtmpServer } from '../support/rtmp-server.js';
import { pluginPath, startPusherProcess, type PusherProcess } from '../reliability/pusher-process.js';
import { CONTRACT_NVR } from '../contract/http-contract.js';
import { startRedis, type RedisServer } from './redis-server.js';

/** The simulator checks the password: every node accepts the contract suite's. */
export const CAMERA = { ...CONTRACT_NVR, nvr_addr: '10.9.0.1' } as const;

export interface ClusterNodeProcess extends PusherProcess {
  readonly id: string;
  /** Full answer: HTTP status, JSON body and the node that answered (x-nvr-pusher-node). */
  call(method: 'GET' | 'POST', p: string, body?: unknown): Promise<{ status: number; body: any; node: string | null }>;
  health(): Promise<any>;
  /** nvr_pusher_logins_total summed over categories. */
  logins(): Promise<number>;
}

export interface TestCluster {
  readonly redis: RedisServer;
  readonly rtmp: RtmpServer;
  readonly nodes: ClusterNodeProcess[];
  /** Starts one more node (e.g. with other shutdown settings). */
  addNode(id: string, extra?: Record<string, unknown>): Promise<ClusterNodeProcess>;
  /** Resolves once every running node's /healthz sees every running node (or `count` nodes). */
  settled(count?: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const NODE_TTL_MS = 3000;

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startNode(id: string, redis: RedisServer, rtmp: RtmpServer, extra: Record<string, unknown>): Promise<ClusterNodeProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const p = await startPusherProcess({
    api: { host: '127.0.0.1', port },
    rtmp: { publishUrl: rtmp.publishBase, embedded: false },
    heartbeat: { timeoutMs: 60_000, sweepMs: 500 },
    log: { level: 'debug' },
    login: { graceMs: 1000, backoffMs: 30_000, timeoutMs: 15_000 },
    stream: { firstFrameTimeoutMs: 20_000 },
    cluster: { redisUrl: redis.url, nodeId: id, advertiseUrl: url, nodeTtlMs: NODE_TTL_MS, commandTimeoutMs: 1000 },
    plugins: [
      { module: pluginPath('plugins/simulator'), options: { password: CONTRACT_NVR.nvr_pwd, noRecordChannels: [3] } },
      { module: pluginPath('plugins/native-flv-sink') },
    ],
    ...extra,
  }, 60_000);
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(url + path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { 'content-type': 'application/json' } });
    return { status: res.status, body: await res.json(), node: res.headers.get('x-nvr-pusher-node') };
  };
  return Object.assign(p, {
    id, call,
    health: () => fetch(`${url}/healthz`).then((r) => r.json()),
    async logins() {
      const text = await fetch(`${url}/metrics`).then((r) => r.text());
      return [...text.matchAll(/^nvr_pusher_logins_total\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    },
  });
}

export async function startCluster(count: number): Promise<TestCluster> {
  const redis = await startRedis();
  const rtmp = await startNodeMediaServer();
  const nodes: ClusterNodeProcess[] = [];
  const cluster: TestCluster = {
    redis, rtmp, nodes,
    async addNode(id, extra = {}) {
      const n = await startNode(id, redis, rtmp, extra);
      nodes.push(n);
      return n;
    },
    async settled(n, timeoutMs = 30_000) {
      const alive = nodes.filter((x) => x.child.exitCode === null && x.child.signalCode === null);
      n ??= alive.length;
      await until(`${n} nodes seen by every node`, async () => {
        const hs = await Promise.all(alive.map((x) => x.health()));
        return hs.every((h) => h.cluster?.nodes === n && h.cluster.redis === 'up');
      }, timeoutMs);
    },
    async stop() {
      await Promise.all(nodes.map(async (n) => { n.kill(); await n.exited; }));
      await rtmp.stop();
      await redis.stop();
    },
  };
  try {
    for (let i = 1; i <= count; i++) await cluster.addNode(`node-${i}`);
    await cluster.settled(count);
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}
