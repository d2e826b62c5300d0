import {
  PusherError, StatusCode, badParameter, noRecording, noSuchHandle, notSupported, playControlFailed,
  type Logger, type NvrSource, type SeekableSession, type WallTime,
} from '@nvr-pusher/core/contracts';
import type { ServiceConfig } from '../config/schema.js';
import type { LoadedSource, PluginRegistry } from '../plugins/plugin-registry.js';
import { HeartbeatTable } from './heartbeat-table.js';
import { LoginPool, type LoginLease } from './login-pool.js';
import { PtzRunner } from './ptz-runner.js';
import type { LiveRequest, PlaybackRequest, PtzRequest, StartedPlayback, StartedStream } from './requests.js';
import { StreamKeys, joinStreamUrl } from './stream-keys.js';
import { monotonicNow, Upstream, type SourceOpener } from './upstream.js';
import { UpstreamPool, type SharedUpstream } from './upstream-pool.js';
import { accountOf, type NvrAccount, type SchedulerHooks } from './scheduler-hooks.js';
import type { MetricsRegistry } from '../metrics/metrics-registry.js';
import { gauge, inc, total } from '../metrics/service-metrics.js';
import { createPlayCheck, planPlayCheck, type PlayCheck } from '../play-check/play-check.js';

const HEARTBEAT_TIMEOUT = 'heartbeat timeout';

interface Task {
  readonly handle: number;
  readonly kind: 'live' | 'playback';
  readonly upstream: Upstream;
  readonly plugin: LoadedSource;
  readonly channel: number;
  readonly camera: string;
  readonly range?: { start: WallTime; stop: WallTime };
}


/**
 * The task scheduler: play handles, heartbeats, shared live upstreams, the login pool and PTZ timing. The HTTP
 * layer calls it with validated requests; every failure is a PusherError carrying the API code.
 */
export class TaskScheduler {
  private readonly tasks = new Map<number, Task>();
  private readonly pool: UpstreamPool;
  private readonly keys = new StreamKeys();
  /** What the upstreams that ended carried (metrics add the running ones at each scrape). */
  private readonly ended = { bytesIn: 0, framesIn: 0, republishes: 0, sourceRestarts: 0 };
  private readonly ptz: PtzRunner;
  private readonly heartbeats: HeartbeatTable;
  private nextHandle = 1;
  readonly logins: LoginPool;
  /** The play check every publish and re-publish goes through (undefined: off). */
  private readonly playCheck?: PlayCheck;

  constructor(
    private readonly config: ServiceConfig,
    private readonly registry: PluginRegistry,
    private readonly logger: Logger,
    private readonly metrics?: MetricsRegistry,
    /** The monotonic clock of every deadline (heartbeats, login grace and back-off, silence): never the wall clock. */
    private readonly now: () => number = monotonicNow,
    private readonly hooks: SchedulerHooks = {},
  ) {
    this.logins = new LoginPool(config.login, logger.child({ component: 'login-pool' }), now, {
      onLogin: (category) => inc(metrics, 'logins', { category }),
      onFailure: (category) => inc(metrics, 'loginFailures', { category }),
    });
    this.pool = new UpstreamPool(config.stream.maxStreams);
    metrics?.collect((r) => this.collect(r));
    this.ptz = new PtzRunner(logger.child({ component: 'ptz' }));
    this.heartbeats = new HeartbeatTable(config.heartbeat.timeoutMs, now);
    if (!registry.sinks.get(config.sink)) throw new Error(`sink '${config.sink}' is not among the loaded plugins (${[...registry.sinks.keys()].join(', ') || 'none'})`);
    const plan = planPlayCheck(config);
    if (plan) this.playCheck = createPlayCheck(plan);
    logger.info({ playCheck: plan ? plan.kind : 'off' }, 'play check after every publish');
  }

  /** Handles currently running (tests, metrics). */
  get handleCount(): number {
    return this.tasks.size;
  }

  get upstreamCount(): number {
    return this.pool.size;
  }

  hasHandle(handle: number): boolean {
    return this.tasks.has(handle);
  }

  /** NVR accounts with a running upstream here (cluster ownership renewal). */
  accountsInUse(): NvrAccount[] {
    return [...this.pool.entries()].map((s) => s.account);
  }

  /** Takes no new upstreams from now on (SIGTERM drain); open handles keep working. */
  drain(): void {
    this.pool.drain();
  }

  /**
   * Read-only view of every upstream for metrics and GET /api/streams: NVR (no credentials), state, handles with
   * their last BEATS (this scheduler's clock), codecs, rates, counters, start time. Never changes anything.
   */
  snapshot() {
    return [...this.pool.entries()].map((s) => ({
      key: s.upstream.target.streamKey, kind: s.upstream.target.kind, category: s.category, state: s.upstream.state,
      rtmpUrl: s.rtmpUrl, nvr: s.nvr, range: s.range, startedAt: s.startedAt,
      handles: [...s.handles].map((handle) => ({ handle, lastBeatAt: this.heartbeats.lastBeat(handle) ?? s.startedAt })),
      ...s.upstream.stats, ...s.upstream.media,
    }));
  }

  /** This scheduler's clock (what snapshot() times are measured on). */
  clock(): number {
    return this.now();
  }

  private collect(r: MetricsRegistry): void {
    const byState = new Map<string, { kind: string; state: string; category: number; n: number }>();
    let bytes = 0;
    let dropped = 0;
    const running = { ...this.ended };
    for (const s of this.snapshot()) {
      running.bytesIn += s.bytesIn;
      running.framesIn += s.framesIn;
      running.republishes += s.republishCount;
      running.sourceRestarts += s.sourceRestartCount;
      const k = `${s.kind}|${s.state}|${s.category}`;
      const e = byState.get(k) ?? { kind: s.kind, state: s.state, category: s.category, n: 0 };
      e.n++;
      byState.set(k, e);
      bytes += s.bytesIn;
      dropped += s.sink?.dropped ?? 0;
    }
    for (const e of byState.values()) gauge(r, 'streams', { kind: e.kind, state: e.state, category: e.category }, e.n);
    gauge(r, 'handles', {}, this.tasks.size);
    gauge(r, 'poolLogins', {}, this.logins.size);
    gauge(r, 'liveBytes', {}, bytes);
    gauge(r, 'droppedFrames', {}, dropped);
    for (const m of ['bytesIn', 'framesIn', 'republishes', 'sourceRestarts'] as const) total(r, m, {}, running[m]);
  }

  private source(category: number): LoadedSource {
    const p = this.registry.sourceFor(category);
    if (!p) throw badParameter('nvr_category', `no loaded plugin serves category ${category} (served: ${[...this.registry.sources.keys()].join(', ') || 'none'})`);
    return p;
  }

  private cameraKey(r: LiveRequest): string {
    const c = r.credentials;
    return `${c.category}|${c.addr}|${c.port}|${r.channel}`;
  }

  private acquire(p: LoadedSource, r: LiveRequest, signal: AbortSignal): Promise<LoginLease> {
    return this.logins.acquire(p.source, r.credentials, signal);
  }

  async startLive(r: LiveRequest): Promise<StartedStream> {
    const plugin = this.source(r.credentials.category);
    const camera = this.cameraKey(r);
    const shared = this.pool.live(camera);
    if (shared) {
      // The same camera is already published: check this caller's credentials (a pooled login makes this cheap),
      // then share the upstream.
      const lease = await this.acquire(plugin, r, AbortSignal.timeout(this.config.login.timeoutMs));
      lease.release();
      await shared.upstream.ready;
      if (!this.pool.holds(shared)) return this.startLive(r);
      return this.addTask(shared, 'live', plugin, r.channel, camera);
    }
    this.pool.checkCapacity(StatusCode.ERR_PLAY_REAL);
    if (this.hooks.gate) {
      await this.hooks.gate.admit(accountOf(r.credentials), StatusCode.ERR_PLAY_REAL);
      if (this.pool.live(camera)) return this.startLive(r);
    }
    const opener: SourceOpener = {
      acquireLogin: (signal) => this.acquire(plugin, r, signal),
      open: (lease, out, signal) => plugin.source.openLive(lease.login, r.channel, out, signal),
      relogin: (lease, signal) => this.logins.relogin(lease, plugin.source, r.credentials, signal),
    };
    const entry = this.createUpstream('live', r, plugin, opener, camera);
    await this.whenReady(entry);
    return this.addTask(entry, 'live', plugin, r.channel, camera);
  }

  async startPlayback(r: PlaybackRequest): Promise<StartedPlayback> {
    const plugin = this.source(r.credentials.category);
    if (!plugin.capabilities.playback || !plugin.source.findRecords || !plugin.source.openPlayback)
      throw notSupported(`nvr_category ${r.credentials.category}: plugin '${plugin.name}' does not support playback`);
    this.pool.checkCapacity(StatusCode.ERR_PLAY_BACK);
    await this.hooks.gate?.admit(accountOf(r.credentials), StatusCode.ERR_PLAY_BACK);
    const lease = await this.acquire(plugin, r, AbortSignal.timeout(this.config.login.timeoutMs));
    let handedOver = false;
    try {
      const signal = AbortSignal.timeout(this.config.login.timeoutMs * 4);
      const found = await plugin.source.findRecords(lease.login, r.channel, r.start, r.end, signal);
      const records = found.filter((f) => f.stop > r.start && f.start < r.end).sort((a, b) => a.start - b.start);
      if (!records.length) throw noRecording(`channel ${r.channel} has no recording between the requested times`);
      const start = Math.max(r.start, records[0]!.start);
      const stop = Math.min(r.end, Math.max(...records.map((f) => f.stop)));
      const source = plugin.source as Required<typeof plugin.source>;
      const opener: SourceOpener = {
        acquireLogin: async () => { handedOver = true; return lease; },
        open: (l, out, sig) => source.openPlayback(l.login, r.channel, start, stop, out, sig),
        relogin: (l, sig) => this.logins.relogin(l, plugin.source, r.credentials, sig),
      };
      const entry = this.createUpstream('playback', r, plugin, opener, undefined, { start, stop });
      await this.whenReady(entry);
      const started = await this.addTask(entry, 'playback', plugin, r.channel, this.cameraKey(r), { start, stop });
      return { ...started, start, stop, records };
    } finally {
      if (!handedOver) lease.release();
    }
  }

  private createUpstream(kind: 'live' | 'playback', r: LiveRequest, plugin: LoadedSource, opener: SourceOpener, shareKey?: string, range?: SharedUpstream['range']): SharedUpstream {
    const { category, addr, port } = r.credentials;
    const key = this.keys.next(kind);
    const target = { kind, streamKey: key, url: joinStreamUrl(this.config.rtmp.publishUrl, key) };
    const rtmpUrl = joinStreamUrl(this.config.rtmp.playUrl || this.config.rtmp.publishUrl.split('?')[0]!, key);
    const sink = this.registry.sinks.get(this.config.sink)!.sink;
    const logger = this.logger.child({ stream: key });
    let entry: SharedUpstream;
    const upstream = new Upstream(target, opener, sink, this.registry.formats, this.config.stream, logger, (reason) => this.upstreamEnded(entry, reason), this.now, {
      verifyPlayable: this.playCheck,
      onRepublished: () => inc(this.metrics, 'republishes'),
      onPlayCheckFailed: () => inc(this.metrics, 'playCheckFailures'),
    });
    const nvr = { addr, port, channel: r.channel, plugin: plugin.name };
    entry = { upstream, rtmpUrl, handles: new Set(), shareKey, category, nvr, startedAt: this.now(), range, account: accountOf(r.credentials) };
    this.pool.add(entry);
    return entry;
  }

  private async whenReady(entry: SharedUpstream): Promise<void> {
    try {
      await entry.upstream.ready;
    } catch (e) {
      if ((e as PusherError).code === StatusCode.ERR_CON_RTMPSEVER) inc(this.metrics, 'publishFailures');
      this.forget(entry);
      throw e;
    }
  }

  private forget(entry: SharedUpstream): void {
    if (!this.pool.remove(entry)) return;
    const s = entry.upstream.stats;
    // Ended streams' totals; the running ones are added at each scrape (collect), so the counters are current.
    this.ended.bytesIn += s.bytesIn;
    this.ended.framesIn += s.framesIn;
    this.ended.sourceRestarts += s.sourceRestartCount;
  }

  private addTask(entry: SharedUpstream, kind: 'live' | 'playback', plugin: LoadedSource, channel: number, camera: string, range?: Task['range']): StartedStream | Promise<StartedStream> {
    if (!this.hooks.handles) return this.register(this.nextHandle++, entry, kind, plugin, channel, camera, range);
    const allocated = this.hooks.handles.allocate(kind === 'live' ? StatusCode.ERR_PLAY_REAL : StatusCode.ERR_PLAY_BACK);
    if (typeof allocated === 'number') return this.register(allocated, entry, kind, plugin, channel, camera, range);
    return allocated.then(
      (handle) => {
        if (this.pool.holds(entry)) return this.register(handle, entry, kind, plugin, channel, camera, range);
        this.hooks.handles?.release(handle);
        throw new PusherError(kind === 'live' ? StatusCode.ERR_PLAY_REAL : StatusCode.ERR_PLAY_BACK, 'the stream ended while its play_handle was allocated');
      },
      async (e) => {
        if (entry.handles.size === 0) { this.forget(entry); await entry.upstream.stop(); }
        throw e;
      },
    );
  }

  private register(handle: number, entry: SharedUpstream, kind: 'live' | 'playback', plugin: LoadedSource, channel: number, camera: string, range?: Task['range']): StartedStream {
    this.tasks.set(handle, { handle, kind, upstream: entry.upstream, plugin, channel, camera, range });
    entry.handles.add(handle);
    this.heartbeats.beat(handle);
    this.logger.info({ handle, stream: entry.upstream.target.streamKey, kind }, 'play handle opened');
    return { handle, rtmpUrl: entry.rtmpUrl };
  }

  private task(handle: number): Task {
    const t = this.tasks.get(handle);
    if (!t) throw noSuchHandle(handle);
    return t;
  }

  beat(handle: number): void {
    this.task(handle);
    this.heartbeats.beat(handle);
  }

  /** Stops a handle; the upstream stops with its last handle. */
  async stop(handle: number, reason = 'STOP'): Promise<void> {
    const t = this.task(handle);
    this.tasks.delete(handle);
    this.heartbeats.remove(handle);
    this.hooks.handles?.release(handle);
    const entry = this.pool.get(t.upstream);
    this.logger.info({ handle, reason }, 'play handle released');
    if (!entry) return;
    entry.handles.delete(handle);
    if (entry.handles.size === 0) {
      this.forget(entry);
      if (t.kind === 'live') await this.ptz.stopAll(t.camera);
      await (reason === HEARTBEAT_TIMEOUT ? entry.upstream.expire() : entry.upstream.stop());
    }
  }

  private upstreamEnded(entry: SharedUpstream, reason: string): void {
    this.forget(entry);
    for (const h of entry.handles) {
      this.tasks.delete(h);
      this.heartbeats.remove(h);
      this.hooks.handles?.release(h);
      this.logger.info({ handle: h, reason }, 'play handle released');
    }
    entry.handles.clear();
  }

  async seek(handle: number, time: WallTime): Promise<void> {
    const t = this.task(handle);
    if (t.kind !== 'playback' || !t.range) throw badParameter('play_handle', `POSITION applies to playback handles; ${handle} is a live stream`);
    if (time < t.range.start || time > t.range.stop) throw badParameter('pos_time', 'must lie within the playback\'s start_time and stop_time');
    if (!t.plugin.capabilities.seek) throw notSupported(`plugin '${t.plugin.name}' cannot seek`);
    const session = t.upstream.sourceSession as Partial<SeekableSession> | undefined;
    if (!session?.seek) throw playControlFailed({ vendor: t.plugin.name, text: 'the playback session is not seekable right now' });
    await session.seek(time);
  }

  async ptzControl(handle: number, r: PtzRequest): Promise<void> {
    const t = this.task(handle);
    if (t.kind !== 'live') throw badParameter('play_handle', `PTZControl applies to live handles; ${handle} is a playback`);
    const src = t.plugin.source as NvrSource & { ptz?: unknown };
    if (!t.plugin.capabilities.ptz || typeof src.ptz !== 'function') throw notSupported(`plugin '${t.plugin.name}' has no PTZ control`);
    const login = t.upstream.login;
    if (!login) throw new PusherError(StatusCode.ERR_PTZ_CONTROL, 'PTZ control failed: the stream has no NVR login right now');
    await this.ptz.run(t.camera, t.plugin.source as Required<LoadedSource['source']>, login, t.channel, r.command, r.durationMs, AbortSignal.timeout(10_000));
  }

  /** Stops handles whose heartbeat deadline passed. Called by the sweep timer. */
  async expire(): Promise<number> {
    for (const e of this.pool.entries()) e.upstream.checkSilence();
    const expired = this.heartbeats.expired();
    if (expired.length) inc(this.metrics, 'expiries', {}, expired.length);
    await Promise.all(expired.map((h) => this.stop(h, HEARTBEAT_TIMEOUT).catch(() => undefined)));
    return expired.length;
  }

  /** Stops every stream, logs out, and lets the plugins release their SDKs. */
  async shutdown(): Promise<void> {
    this.pool.close();
    await this.ptz.stopAll();
    await Promise.all([...this.tasks.keys()].map((h) => this.stop(h, 'shutdown').catch(() => undefined)));
    await Promise.all([...this.pool.entries()].map((e) => e.upstream.stop()));
    await this.logins.closeAll();
  }
}
