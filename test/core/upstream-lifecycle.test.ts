import { describe, expect, it } from 'vitest';
import { liveFailed, type Logger, type MediaFrame, type MediaOutput, type SourceSession } from '@nvr-pusher/core/contracts';
import { Upstream, type SourceOpener, type UpstreamOptions } from '../../core/scheduler/upstream.js';
import { UPSTREAM_EVENTS, UPSTREAM_LIFECYCLE, UPSTREAM_STATES, nextStep, type UpstreamState } from '../../core/scheduler/upstream-lifecycle.js';
import { FakeSink } from '../fakes/fake-sink.js';
import { fixtureFrames } from '../support/fixture-frames.js';
import { until } from '../api/api-service.js';

const noop = () => undefined;
const logger: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, fatal: noop, child: () => logger };

describe('upstream lifecycle table', () => {
  it('has a step for every event in every state, into a known state', () => {
    for (const s of UPSTREAM_STATES) {
      expect(Object.keys(UPSTREAM_LIFECYCLE[s]).sort()).toEqual([...UPSTREAM_EVENTS].sort());
      for (const e of UPSTREAM_EVENTS) expect(UPSTREAM_STATES).toContain(nextStep(s, e).to);
    }
  });

  const live: UpstreamState[] = ['running', 'republishing', 'recovering', 'recovering+republishing'];

  it('stop and heartbeat expiry release from every state after the start; stopped absorbs every event', () => {
    for (const s of live) {
      expect(nextStep(s, 'stop')).toEqual({ to: 'stopped', action: 'release' });
      expect(nextStep(s, 'heartbeat-expired')).toEqual({ to: 'stopped', action: 'release' });
    }
    expect(nextStep('starting', 'stop')).toEqual({ to: 'stopped', action: 'release' });
    for (const e of UPSTREAM_EVENTS) expect(nextStep('stopped', e)).toEqual({ to: 'stopped', action: 'none' });
  });

  it('source data never changes the state', () => {
    for (const s of UPSTREAM_STATES) expect(nextStep(s, 'source-data')).toEqual({ to: s, action: 'none' });
  });

  it('a sink failure starts a re-publish exactly where none runs yet, also while the source recovers', () => {
    const starts = live.filter((s) => nextStep(s, 'sink-failed').action === 'republish');
    expect(starts).toEqual(['running', 'recovering']);
    expect(nextStep('recovering', 'sink-failed').to).toBe('recovering+republishing');
    expect(nextStep('republishing', 'sink-failed').action).toBe('none');
  });

  it('a source failure starts a recovery exactly where none runs yet, also while re-publishing', () => {
    const starts = live.filter((s) => nextStep(s, 'source-failed').action === 'recover-source');
    expect(starts).toEqual(['running', 'republishing']);
    expect(nextStep('republishing', 'source-failed').to).toBe('recovering+republishing');
    expect(nextStep('starting', 'source-failed')).toEqual({ to: 'stopped', action: 'fail-start' });
  });

  it('each side completing leaves the other side degraded; published and restarted are stale elsewhere', () => {
    expect(nextStep('recovering+republishing', 'published').to).toBe('recovering');
    expect(nextStep('recovering+republishing', 'source-restarted').to).toBe('republishing');
    expect(nextStep('republishing', 'published').to).toBe('running');
    expect(nextStep('recovering', 'source-restarted').to).toBe('running');
    expect(nextStep('starting', 'published').to).toBe('running');
    for (const s of ['running', 'recovering'] as const) expect(nextStep(s, 'published')).toEqual({ to: s, action: 'none' });
    for (const s of ['starting', 'running', 'republishing'] as const) expect(nextStep(s, 'source-restarted')).toEqual({ to: s, action: 'none' });
    for (const s of UPSTREAM_STATES) expect(nextStep(s, 'relogin')).toEqual({ to: s, action: 'none' });
  });
});

/** A real Upstream over the fake sink and a scripted source whose outputs the test drives. */
function harness(opts: Partial<UpstreamOptions> = {}) {
  const sink = new FakeSink();
  const outs: MediaOutput[] = [];
  let closedSources = 0;
  let relogins = 0;
  const lease = { login: { id: 'nvr' }, release: noop };
  const opener: SourceOpener = {
    acquireLogin: async () => lease,
    open: async (_l, out) => {
      outs.push(out);
      const s: SourceSession = { close: async () => void closedSources++ };
      return s;
    },
    relogin: async () => {
      relogins++;
      return lease;
    },
  };
  const terminated: string[] = [];
  const options: UpstreamOptions = {
    firstFrameTimeoutMs: 4000, restartMaxAttempts: 5, restartDelayMs: 30, restartMaxDelayMs: 100,
    gopCacheMaxBytes: 8 * 1024 * 1024, silenceTimeoutMs: 60_000, sourceRestartMaxAttempts: 5, ...opts,
  };
  const target = { kind: 'live' as const, streamKey: 'k', url: 'rtmp://127.0.0.1/live/k' };
  const upstream = new Upstream(target, opener, sink, { get: () => undefined }, options, logger, (r) => void terminated.push(r));
  const frames = fixtureFrames('h264-640x360-25fps.h264');
  const gop = (n: number): MediaFrame[] => frames.slice(0, n);
  return { sink, outs, upstream, terminated, gop, get closedSources() { return closedSources; }, get relogins() { return relogins; } };
}

describe('Upstream through the lifecycle', () => {
  it('starts, answers ready at the first published key frame, and is running', async () => {
    const h = harness();
    expect(h.upstream.state).toBe('starting');
    await until(() => h.outs.length === 1);
    for (const f of h.gop(3)) h.outs[0]!.writeFrame(f);
    await h.upstream.ready;
    expect(h.upstream.view).toMatchObject({ state: 'running', republishCount: 0, sourceRestartCount: 0 });
    await h.upstream.stop();
    expect(h.upstream.state).toBe('stopped');
  });

  it('a source failure before the start answers fails the start and releases', async () => {
    const h = harness();
    await until(() => h.outs.length === 1);
    h.outs[0]!.fail(liveFailed({ vendor: 'test', text: 'gone' }));
    await expect(h.upstream.ready).rejects.toMatchObject({ code: 603 });
    expect(h.upstream.state).toBe('stopped');
  });

  it('overlap 1: the sink fails while the source recovers → both are restored (was dropped: running but publishing nothing)', async () => {
    const h = harness();
    await until(() => h.outs.length === 1);
    for (const f of h.gop(3)) h.outs[0]!.writeFrame(f);
    await h.upstream.ready;
    h.outs[0]!.fail(liveFailed({ vendor: 'test', text: 'NVR session lost' }));
    expect(h.upstream.state).toBe('recovering');
    h.sink.sessions[0]!.drop();
    await until(() => h.upstream.state === 'recovering+republishing');
    await until(() => h.outs.length === 2);
    for (const f of h.gop(10)) h.outs[1]!.writeFrame(f);
    await until(() => h.upstream.state === 'running');
    expect(h.sink.sessions).toHaveLength(2);
    const fresh = h.sink.sessions[1]!;
    await fresh.published;
    const before = fresh.frames.length;
    h.outs[1]!.writeFrame(h.gop(11)[10]!);
    expect(fresh.frames.length).toBe(before + 1); // the new source feeds the new publication
    expect(h.upstream.view).toMatchObject({ republishCount: 1, sourceRestartCount: 1 });
    await h.upstream.stop();
  });

  it('overlap 2: the source fails while re-publishing → the source is restarted and the re-publish gets its key frame', async () => {
    // No GOP cache: like a raw-mode sink, the re-publish needs a key frame from the source.
    const h = harness({ gopCacheMaxBytes: 1 });
    await until(() => h.outs.length === 1);
    for (const f of h.gop(3)) h.outs[0]!.writeFrame(f);
    await h.upstream.ready;
    h.sink.sessions[0]!.drop();
    await until(() => h.upstream.state === 'republishing');
    h.outs[0]!.fail(liveFailed({ vendor: 'test', text: 'NVR session lost' }));
    expect(h.upstream.state).toBe('recovering+republishing');
    await until(() => h.outs.length === 2);
    for (const f of h.gop(3)) h.outs[1]!.writeFrame(f);
    await until(() => h.upstream.state === 'running');
    expect(h.closedSources).toBe(1);
    expect(h.upstream.view).toMatchObject({ republishCount: 1, sourceRestartCount: 1 });
    expect(h.terminated).toEqual([]);
    await h.upstream.stop();
  });

  it('heartbeat expiry of the last handle releases like stop', async () => {
    const h = harness();
    await until(() => h.outs.length === 1);
    for (const f of h.gop(3)) h.outs[0]!.writeFrame(f);
    await h.upstream.ready;
    await h.upstream.expire();
    expect(h.upstream.state).toBe('stopped');
    expect(h.closedSources).toBe(1);
  });

  it('silence is detected on the injected clock, also while re-publishing', async () => {
    const h = harness({ silenceTimeoutMs: 500, gopCacheMaxBytes: 1 });
    await until(() => h.outs.length === 1);
    for (const f of h.gop(3)) h.outs[0]!.writeFrame(f);
    await h.upstream.ready;
    const t = performance.now(); // the upstream's default clock: monotonic
    h.upstream.checkSilence(t + 100);
    expect(h.upstream.state).toBe('running');
    h.sink.sessions[0]!.drop();
    await until(() => h.upstream.state === 'republishing');
    h.upstream.checkSilence(t + 10_000);
    expect(h.upstream.state).toBe('recovering+republishing');
    await until(() => h.outs.length === 2);
    for (const f of h.gop(3)) h.outs[1]!.writeFrame(f);
    await until(() => h.upstream.state === 'running');
    await h.upstream.stop();
  });
});
