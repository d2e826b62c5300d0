/**
 * Cluster mode with real components: redis-server (Debian), node-media-server (npm) and three pusher processes
 * (core/main.ts) sharing one Redis; ffprobe reads the published streams. Login counts come from each node's
 * /metrics (nvr_pusher_logins_total), summed over the cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeStreams } from '../support/reader.js';
import { httpContract } from '../contract/http-contract.js';
import { CAMERA, NODE_TTL_MS, startCluster, until, type ClusterNodeProcess, type TestCluster } from './cluster-fixture.js';

const camera = (addr: string, channel = 1) => ({ ...CAMERA, nvr_addr: addr, nvr_channel: channel });
const alive = (n: ClusterNodeProcess) => n.child.exitCode === null && n.child.signalCode === null;

describe('cluster of three nodes over one Redis', () => {
  let c: TestCluster;
  let n1: ClusterNodeProcess, n2: ClusterNodeProcess, n3: ClusterNodeProcess;
  const totalLogins = async () => (await Promise.all(c.nodes.filter(alive).map((n) => n.logins()))).reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    c = await startCluster(3);
    [n1, n2, n3] = c.nodes as [ClusterNodeProcess, ClusterNodeProcess, ClusterNodeProcess];
  }, 180_000);
  afterAll(async () => {
    await c?.stop();
    for (const n of c?.nodes ?? []) expect(n.lines.join('\n')).not.toContain(CAMERA.nvr_pwd);
  }, 60_000);

  // the legacy contract, each request sent to the next node in turn
  httpContract('three nodes, requests round-robin', () => [n1, n2, n3].map((n) => n.url));

  it('shares one upstream and one NVR login for a camera asked on three nodes; BEATS, PTZ and STOP work through any node', async () => {
    const loginsBefore = await totalLogins();
    const a = await n1.call('POST', '/REAL_STREAM', CAMERA);
    expect(a.body).toMatchObject({ status_code: 200, status_message: 'OK' });
    expect(a.node).toBe('node-1'); // every node is empty: the asked node takes it (no hop)
    const b = await n2.call('POST', '/REAL_STREAM', CAMERA);
    const d = await n3.call('POST', '/REAL_STREAM', CAMERA);
    expect(b.body.rtmp_url).toBe(a.body.rtmp_url);
    expect(d.body.rtmp_url).toBe(a.body.rtmp_url);
    expect(new Set([a.body.play_handle, b.body.play_handle, d.body.play_handle]).size).toBe(3);
    expect([b.node, d.node]).toEqual(['node-1', 'node-1']);
    expect(await totalLogins()).toBe(loginsBefore + 1);
    expect((await n1.health()).streams).toBe(1);
    expect((await n2.health()).streams + (await n3.health()).streams).toBe(0);
    const listed = (await n1.call('GET', '/api/streams')).body.streams as { node?: string; rtmp_url: string }[];
    expect(listed).toEqual([expect.objectContaining({ node: 'node-1', rtmp_url: a.body.rtmp_url })]);

    const video = (await probeStreams(a.body.rtmp_url, 30_000)).find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264' });

    expect((await n2.call('GET', `/STREAM/${a.body.play_handle}/BEATS`)).body.status_code).toBe(200);
    expect((await n3.call('POST', `/STREAM/${b.body.play_handle}/PTZControl`, { command: 2, duration: 100 })).body.status_code).toBe(200);
    const seekLive = await n3.call('POST', `/STREAM/${a.body.play_handle}/POSITION`, { pos_time: '2024-01-01 00:00:00' });
    expect(seekLive.body.status_code).toBe(600); // what one node answers: POSITION does not fit a live handle
    expect(seekLive.node).toBe('node-1');
    expect((await n2.call('GET', `/STREAM/${a.body.play_handle}/STOP`)).body.status_code).toBe(200);
    expect((await n3.call('GET', `/STREAM/${a.body.play_handle}/STOP`)).body.status_code).toBe(605);
    expect((await n2.call('GET', '/STREAM/987654321/BEATS')).body.status_code).toBe(605);
    expect((await n1.call('GET', `/STREAM/${b.body.play_handle}/BEATS`)).body.status_code).toBe(200);
    for (const h of [b.body.play_handle, d.body.play_handle]) expect((await n3.call('GET', `/STREAM/${h}/STOP`)).body.status_code).toBe(200);
    expect((await n1.health()).streams).toBe(0);
    expect(await totalLogins()).toBe(loginsBefore + 1);
    const metrics = await fetch(`${n2.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^nvr_pusher_cluster_forwards_total\{endpoint="\/STREAM\/:play_handle\/BEATS",outcome="answered"\} [1-9]/m);
    expect(metrics).toMatch(/^nvr_pusher_cluster_nodes 3$/m);
    expect((await n3.health()).cluster).toMatchObject({ node: 'node-3', redis: 'up', draining: false, nodes: 3 });
  }, 120_000);

  it('a new NVR asked on three nodes at the same moment: one owner, one login, one rtmp_url', async () => {
    const before = await totalLogins();
    const answers = await Promise.all([n1, n2, n3].map((n) => n.call('POST', '/REAL_STREAM', camera('10.9.0.30'))));
    for (const r of answers) expect(r.body).toMatchObject({ status_code: 200, rtmp_url: answers[0]!.body.rtmp_url });
    expect(new Set(answers.map((r) => r.node)).size).toBe(1);
    expect(await totalLogins()).toBe(before + 1);
    for (const r of answers) expect((await n2.call('GET', `/STREAM/${r.body.play_handle}/STOP`)).body.status_code).toBe(200);
  }, 120_000);

  let onFirst: any;
  let elsewhere: { body: any; node: string | null };

  it('sends a new NVR to the least-loaded node', async () => {
    onFirst = (await n1.call('POST', '/REAL_STREAM', camera('10.9.0.10'))).body;
    expect(onFirst.status_code).toBe(200);
    await until('node-1 load visible to the cluster', async () => (await n1.health()).cluster.streams >= 1, 20_000);
    elsewhere = await n1.call('POST', '/REAL_STREAM', camera('10.9.0.11'));
    expect(elsewhere.body.status_code).toBe(200);
    expect(['node-2', 'node-3']).toContain(elsewhere.node);
    // the same NVR, another channel: its owner opens it (one login per NVR account)
    const logins = await totalLogins();
    const ch2 = await n3.call('POST', '/REAL_STREAM', camera('10.9.0.11', 2));
    expect(ch2.node).toBe(elsewhere.node);
    expect(await totalLogins()).toBe(logins);
    expect((await n2.call('GET', `/STREAM/${ch2.body.play_handle}/STOP`)).body.status_code).toBe(200);
  }, 120_000);

  it('SIGKILL of a node: its handles answer 605 within the node TTL, the others go on, its NVR reopens elsewhere', async () => {
    const victim = c.nodes.find((n) => n.id === elsewhere.node)!;
    const survivor = victim === n2 ? n3 : n2;
    victim.kill();
    await victim.exited;
    const killedAt = Date.now();
    const gone = await until('605 for the dead node\'s handle', async () => {
      const r = await survivor.call('GET', `/STREAM/${elsewhere.body.play_handle}/BEATS`);
      return r.body.status_code === 605 && r.body;
    }, NODE_TTL_MS * 6);
    expect(gone.status_message).toMatch(/play_handle/);
    expect(Date.now() - killedAt).toBeLessThan(60_000); // the bound: heartbeat.timeoutMs
    expect((await survivor.call('GET', `/STREAM/${onFirst.play_handle}/BEATS`)).body).toMatchObject({ status_code: 200 });
    // until the dead node's record expires, its NVR answers 603 naming the unreachable node; then it opens elsewhere
    const refusals: string[] = [];
    const again = await until('the dead node\'s NVR reopened', async () => {
      const r = await survivor.call('POST', '/REAL_STREAM', camera('10.9.0.11'));
      if (r.body.status_code !== 200) refusals.push(`${r.body.status_code} ${r.body.status_message}`);
      return r.body.status_code === 200 && r;
    }, NODE_TTL_MS * 6);
    for (const m of refusals) expect(m).toMatch(new RegExp(`^603 cluster node ${victim.id} could not be reached`));
    expect(again.node).not.toBe(victim.id);
    expect(again.body.rtmp_url).not.toBe(elsewhere.body.rtmp_url);
    elsewhere = again;
    await c.settled();
  }, 120_000);

  it('Redis restarted mid-run: running streams go on, requests needing Redis answer at once, nodes re-register with every handle', async () => {
    const owner = c.nodes.find((n) => n.id === elsewhere.node)!;
    const other = owner === n1 ? c.nodes.find((n) => alive(n) && n !== n1)! : n1;
    const highest = Math.max(onFirst.play_handle, elsewhere.body.play_handle);
    await c.redis.kill();
    await until('nodes notice Redis is down', async () => (await n1.health()).cluster.redis === 'down', 20_000);
    const started = Date.now();
    const refused = await n1.call('POST', '/REAL_STREAM', camera('10.9.0.12'));
    expect(refused.body.status_code).toBe(603);
    expect(refused.body.status_message).toMatch(/Redis/);
    expect(Date.now() - started).toBeLessThan(10_000); // never a hang
    const beatOwner = await owner.call('GET', `/STREAM/${elsewhere.body.play_handle}/BEATS`);
    expect(beatOwner.body.status_code).toBe(200); // local handle: no Redis needed
    const unknown = await other.call('GET', `/STREAM/${elsewhere.body.play_handle}/BEATS`);
    expect(unknown.body.status_code).toBe(600);
    expect(unknown.body.status_message).toMatch(/Redis/);

    await c.redis.restart();
    await c.settled();
    await until('the handle is found again through a non-owner', async () =>
      (await other.call('GET', `/STREAM/${elsewhere.body.play_handle}/BEATS`)).body.status_code === 200, 30_000);
    expect((await other.call('GET', `/STREAM/${onFirst.play_handle}/BEATS`)).body.status_code).toBe(200);
    const fresh = await until('a new NVR once the cluster settled', async () => {
      const r = await other.call('POST', '/REAL_STREAM', camera('10.9.0.12'));
      return r.body.status_code === 200 && r.body;
    }, 30_000);
    expect(fresh.play_handle).toBeGreaterThan(highest); // handles are never reused, even after Redis lost its data
    expect((await owner.call('GET', `/STREAM/${fresh.play_handle}/STOP`)).body.status_code).toBe(200);
  }, 150_000);

  it('SIGTERM drains: the node takes no new NVR, keeps serving its watched stream until STOP, then exits 0', async () => {
    const drainer = await c.addNode('node-drain', { shutdown: { drainMs: 60_000, timeoutMs: 10_000 } });
    await c.settled();
    const w = await drainer.call('POST', '/REAL_STREAM', camera('10.9.0.20'));
    expect(w.body.status_code).toBe(200);
    expect(w.node).toBe('node-drain');
    drainer.child.kill('SIGTERM');
    await until('draining announced', async () => (await drainer.health().catch(() => ({}))).status === 'draining', 20_000);
    const viaOther = await n1.call('GET', `/STREAM/${w.body.play_handle}/BEATS`);
    expect(viaOther.body.status_code).toBe(200);
    expect((await probeStreams(w.body.rtmp_url, 30_000)).find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264' });
    const next = await drainer.call('POST', '/REAL_STREAM', camera('10.9.0.21'));
    expect(next.body.status_code).toBe(200);
    expect(next.node).not.toBe('node-drain');
    expect(alive(drainer)).toBe(true);
    expect((await n1.call('GET', `/STREAM/${w.body.play_handle}/STOP`)).body.status_code).toBe(200);
    const code = await drainer.exited;
    if (code !== 0) console.log(drainer.lines.slice(-12).join('\n'), drainer.stderr.join(''));
    expect(code).toBe(0);
    expect(drainer.lines.join('\n')).toContain('drain finished');
    expect((await n1.call('GET', `/STREAM/${next.body.play_handle}/STOP`)).body.status_code).toBe(200);
  }, 150_000);
});
