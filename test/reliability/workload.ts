/**
 * The leak workload of issue 8, shared by test/reliability/leaks.test.ts (in-suite, bounded) and scripts/soak.ts
 * (1,000 cycles over loopback): start/stop cycles mixing live, shared live, playback with seek, PTZ and refused
 * starts, run by a few concurrent workers; and heartbeat expiries in batches of handles that never beat.
 */

/** Calls one endpoint and returns the JSON answer (inject in-suite, fetch in the soak script). */
export type Send = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<any>;

export interface WorkloadNvr {
  nvr_category: number;
  nvr_addr: string;
  nvr_port: number;
  nvr_user: string;
  nvr_pwd: string;
}

/** Channel the simulator must refuse (simulator option refuseChannels). */
export const REFUSED_CHANNEL = 40;
/** Live channels are drawn from 1..LIVE_CHANNELS, so concurrent workers share cameras. */
const LIVE_CHANNELS = 6;
const RANGE = { startTime: '2024-05-01 10:00:00', endTime: '2024-05-01 11:30:00' };

export interface CycleCounts {
  live: number;
  shared: number;
  playback: number;
  ptz: number;
  refused: number;
}

function expectCode(r: any, code: number, what: string): void {
  if (r?.status_code !== code) throw new Error(`${what}: expected ${code}, got ${JSON.stringify(r)}`);
}

async function cycle(send: Send, nvr: WorkloadNvr, i: number, counts: CycleCounts): Promise<void> {
  const channel = 1 + (i % LIVE_CHANNELS);
  const stop = async (h: number) => expectCode(await send('GET', `/STREAM/${h}/STOP`), 200, `STOP ${h}`);
  switch (i % 5) {
    case 0: {
      const r = await send('POST', '/REAL_STREAM', { ...nvr, nvr_channel: channel });
      expectCode(r, 200, `live ch${channel}`);
      expectCode(await send('GET', `/STREAM/${r.play_handle}/BEATS`), 200, 'BEATS');
      await stop(r.play_handle);
      counts.live++;
      return;
    }
    case 1: {
      const [a, b] = await Promise.all([0, 1].map(() => send('POST', '/REAL_STREAM', { ...nvr, nvr_channel: channel })));
      expectCode(a, 200, 'shared a');
      expectCode(b, 200, 'shared b');
      if (a.rtmp_url !== b.rtmp_url) throw new Error(`shared live: two rtmp_url for one camera (${a.rtmp_url}, ${b.rtmp_url})`);
      const order = i % 2 ? [a, b] : [b, a];
      for (const x of order) await stop(x.play_handle);
      counts.shared++;
      return;
    }
    case 2: {
      const r = await send('POST', '/BACK_STREAM', { ...nvr, nvr_channel: channel, ...RANGE });
      expectCode(r, 200, 'playback');
      expectCode(await send('POST', `/STREAM/${r.play_handle}/POSITION`, { pos_time: '2024-05-01 10:45:00' }), 200, 'POSITION');
      await stop(r.play_handle);
      counts.playback++;
      return;
    }
    case 3: {
      const r = await send('POST', '/REAL_STREAM', { ...nvr, nvr_channel: channel });
      expectCode(r, 200, 'live for PTZ');
      expectCode(await send('POST', `/STREAM/${r.play_handle}/PTZControl`, { command: i % 14, duration: 100 }), 200, 'PTZ');
      await stop(r.play_handle);
      counts.ptz++;
      return;
    }
    default: {
      expectCode(await send('POST', '/REAL_STREAM', { ...nvr, nvr_channel: REFUSED_CHANNEL }), 603, 'refused live');
      counts.refused++;
    }
  }
}

/** Runs `n` start/stop cycles on `workers` concurrent workers. */
export async function runCycles(send: Send, nvr: WorkloadNvr, n: number, workers = 4): Promise<CycleCounts> {
  const counts: CycleCounts = { live: 0, shared: 0, playback: 0, ptz: 0, refused: 0 };
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let i = next++; i < n; i = next++) await cycle(send, nvr, i, counts);
  }));
  return counts;
}

/**
 * Starts `n` handles in batches of `batch` (live on shared cameras and playbacks, mixed), never beats them, and
 * waits for the heartbeat sweep to release each batch. Returns how many handles were started.
 */
export async function runExpiries(send: Send, nvr: WorkloadNvr, n: number, batch: number, timeoutMs: number): Promise<number> {
  let started = 0;
  while (started < n) {
    const size = Math.min(batch, n - started);
    const answers = await Promise.all(Array.from({ length: size }, (_, k) => {
      const channel = 1 + ((started + k) % LIVE_CHANNELS);
      return (started + k) % 3 === 2
        ? send('POST', '/BACK_STREAM', { ...nvr, nvr_channel: channel, ...RANGE })
        : send('POST', '/REAL_STREAM', { ...nvr, nvr_channel: channel });
    }));
    answers.forEach((r, k) => expectCode(r, 200, `expiry start ${started + k}`));
    started += size;
    const end = Date.now() + timeoutMs;
    for (;;) {
      const health = await send('GET', '/healthz');
      if (health.handles === 0 && health.streams === 0) break;
      if (Date.now() > end) throw new Error(`handles not expired in time: ${JSON.stringify(health)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return started;
}

/**
 * Counts of the process's active resources by type (`process.getActiveResourcesInfo()`: TCPSocketWrap,
 * TCPServerWrap, Timeout (ref'd timers), PipeWrap, ProcessWrap, ...).
 */
export function activeResources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) out[name] = (out[name] ?? 0) + 1;
  return out;
}
