import { clusterSchema, type ClusterConfig } from '../cluster/cluster-config.js';

/**
 * The service's configuration schema (convict). Every key has a doc, a default and an env var; the shipped
 * `config/default.json5` mirrors it key by key. Plugin options are validated by each plugin's own schema.
 */
export interface PluginEntry {
  /** A path (relative to the config file's directory) or a package name, e.g. `./plugins/hikvision`. */
  module: string;
  /** Set false to keep an entry in the file without loading it. */
  enabled?: boolean;
  /** The plugin's own options, validated by its `configSchema`. */
  options?: Record<string, unknown>;
}

const PLUGIN_ENTRY_KEYS = new Set(['module', 'enabled', 'options']);

const pluginList = {
  name: 'plugin-list',
  coerce: (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v),
  validate(value: unknown): void {
    if (!Array.isArray(value)) throw new Error('must be an array of { module, enabled?, options? }');
    value.forEach((e: unknown, i) => {
      if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new Error(`[${i}] must be an object`);
      const entry = e as Record<string, unknown>;
      for (const k of Object.keys(entry)) if (!PLUGIN_ENTRY_KEYS.has(k)) throw new Error(`[${i}].${k}: unknown key`);
      if (typeof entry.module !== 'string' || !entry.module) throw new Error(`[${i}].module must be a non-empty string`);
      if (entry.enabled !== undefined && typeof entry.enabled !== 'boolean') throw new Error(`[${i}].enabled must be a boolean`);
      if (entry.options !== undefined && (typeof entry.options !== 'object' || entry.options === null || Array.isArray(entry.options)))
        throw new Error(`[${i}].options must be an object`);
    });
  },
};

const rtmpUrl = {
  name: 'rtmp-url',
  validate(value: unknown): void {
    if (value === '') return;
    if (typeof value !== 'string' || !/^rtmps?:\/\/[^/\s]+\/[^\s]+$/.test(value))
      throw new Error('must be an rtmp:// URL with an application path, e.g. rtmp://127.0.0.1:1935/live');
  },
};

const redisUrl = {
  name: 'redis-url',
  validate(value: unknown): void {
    if (value === '') return;
    if (typeof value !== 'string' || !/^rediss?:\/\/[^\s]+$/.test(value)) throw new Error('must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0');
  },
};

const httpUrl = {
  name: 'http-url',
  validate(value: unknown): void {
    if (value === '') return;
    if (typeof value !== 'string' || !/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(value))
      throw new Error('must be an http:// or https:// URL, e.g. http://127.0.0.1:8080/live');
  },
};

export const customFormats = [pluginList, rtmpUrl, httpUrl, redisUrl];

export const configSchema = {
  api: {
    host: { doc: 'Address the HTTP API listens on (0.0.0.0 for all interfaces).', format: String, default: '127.0.0.1', env: 'NVR_PUSHER_API_HOST' },
    port: { doc: 'Port of the HTTP API.', format: 'port', default: 8090, env: 'NVR_PUSHER_API_PORT' },
    bodyLimit: { doc: 'Largest accepted request body, bytes.', format: 'nat', default: 16384, env: 'NVR_PUSHER_API_BODY_LIMIT' },
    rateLimitPerMinute: {
      doc: 'Most API requests per minute from one client address (HTTP 429 beyond it); 0 = no limit.',
      format: 'nat', default: 0, env: 'NVR_PUSHER_API_RATE_LIMIT_PER_MINUTE',
    },
    token: {
      doc: 'If set, every API request must carry "Authorization: Bearer <token>". Empty: no authentication (old clients).',
      format: String, default: '', env: 'NVR_PUSHER_API_TOKEN', sensitive: true,
    },
  },
  rtmp: {
    publishUrl: { doc: 'Base RTMP URL streams are published to; the stream key is appended.', format: 'rtmp-url', default: 'rtmp://127.0.0.1:1935/live', env: 'NVR_PUSHER_RTMP_PUBLISH_URL' },
    playUrl: { doc: 'Base of the rtmp_url returned to clients (e.g. the SRS edge players reach). Empty: same as publishUrl.', format: 'rtmp-url', default: '', env: 'NVR_PUSHER_RTMP_PLAY_URL' },
    embedded: { doc: 'Start an embedded RTMP server (node-media-server) on the publishUrl port, on loopback. For demos and development; production points publishUrl at SRS and turns this off.', format: Boolean, default: true, env: 'NVR_PUSHER_RTMP_EMBEDDED' },
    embeddedHttpPort: { doc: 'HTTP-FLV port of the embedded server (http://127.0.0.1:<port>/<app>/<key>.flv).', format: 'port', default: 8091, env: 'NVR_PUSHER_RTMP_EMBEDDED_HTTP_PORT' },
    httpFlvUrl: {
      doc: 'Base HTTP-FLV URL of the media server where players read streams (<base>/<key>.flv), e.g. http://srs.example:8080/live. Empty: the embedded server\'s when rtmp.embedded, else none.',
      format: 'http-url', default: '', env: 'NVR_PUSHER_RTMP_HTTP_FLV_URL',
    },
  },
  sink: { doc: 'Name of the sink plugin that publishes streams (it must be in plugins).', format: String, default: 'native-flv-sink', env: 'NVR_PUSHER_SINK' },
  heartbeat: {
    timeoutMs: { doc: 'A play_handle with no BEATS for this long is stopped as if STOP had been called.', format: 'nat', default: 60000, env: 'NVR_PUSHER_HEARTBEAT_TIMEOUT_MS' },
    sweepMs: { doc: 'How often expired handles are looked for.', format: 'nat', default: 1000, env: 'NVR_PUSHER_HEARTBEAT_SWEEP_MS' },
  },
  stream: {
    firstFrameTimeoutMs: { doc: 'REAL_STREAM/BACK_STREAM answer 601 when no video key frame was published this long after the source started.', format: 'nat', default: 10000, env: 'NVR_PUSHER_FIRST_FRAME_TIMEOUT_MS' },
    maxStreams: { doc: 'Most upstreams (NVR streams) this host carries at once; more are refused with a clear error.', format: 'nat', default: 500, env: 'NVR_PUSHER_MAX_STREAMS' },
    restartMaxAttempts: { doc: 'Consecutive failed re-publish attempts after the RTMP side dropped before the stream is given up (0: never give up).', format: 'nat', default: 10, env: 'NVR_PUSHER_RESTART_MAX_ATTEMPTS' },
    restartDelayMs: { doc: 'First re-publish delay; doubles per failed attempt.', format: 'nat', default: 500, env: 'NVR_PUSHER_RESTART_DELAY_MS' },
    restartMaxDelayMs: { doc: 'Longest re-publish delay.', format: 'nat', default: 30000, env: 'NVR_PUSHER_RESTART_MAX_DELAY_MS' },
    silenceTimeoutMs: { doc: 'A running stream with no data from the NVR for this long is restarted (live: new NVR session, same rtmp_url) or ended (playback).', format: 'nat', default: 15000, env: 'NVR_PUSHER_SILENCE_TIMEOUT_MS' },
    sourceRestartMaxAttempts: { doc: 'Live NVR session restarts (after a failure or silence) before the stream is given up; from the second one the NVR login is renewed.', format: 'nat', default: 5, env: 'NVR_PUSHER_SOURCE_RESTART_MAX_ATTEMPTS' },
    gopCacheMaxBytes: { doc: 'Largest group of pictures kept per upstream to give a re-published stream a picture at once.', format: 'nat', default: 8 * 1024 * 1024, env: 'NVR_PUSHER_GOP_CACHE_MAX_BYTES' },
    playCheck: { doc: 'After every publish and re-publish, read the stream back from the play side (HTTP-FLV at rtmp.httpFlvUrl or the embedded server, else RTMP play of rtmp.playUrl) until a video frame arrives; if none does within playCheckTimeoutMs, re-publish on the same key. false: trust the publish.', format: Boolean, default: true, env: 'NVR_PUSHER_PLAY_CHECK' },
    playCheckTimeoutMs: { doc: 'Bound of the play check: a published stream that delivers no video frame to a reader this long is re-published.', format: 'nat', default: 5000, env: 'NVR_PUSHER_PLAY_CHECK_TIMEOUT_MS' },
  },
  playback: {
    maxRangeHours: { doc: 'Longest BACK_STREAM range (endTime - startTime), hours.', format: 'nat', default: 24, env: 'NVR_PUSHER_PLAYBACK_MAX_RANGE_HOURS' },
  },
  login: {
    graceMs: { doc: 'An NVR login nobody uses any more is kept this long before logout (a new request reuses it).', format: 'nat', default: 10000, env: 'NVR_PUSHER_LOGIN_GRACE_MS' },
    backoffMs: { doc: 'After a failed login, requests with the same NVR and credentials answer 606 from memory for this long, without calling the NVR (protects accounts from lockout).', format: 'nat', default: 30000, env: 'NVR_PUSHER_LOGIN_BACKOFF_MS' },
    timeoutMs: { doc: 'Longest wait for an NVR login.', format: 'nat', default: 15000, env: 'NVR_PUSHER_LOGIN_TIMEOUT_MS' },
  },
  log: {
    level: { doc: 'Log level.', format: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info', env: 'NVR_PUSHER_LOG_LEVEL' },
  },
  shutdown: {
    timeoutMs: { doc: 'Longest graceful shutdown on SIGTERM/SIGINT before the process exits anyway.', format: 'nat', default: 10000, env: 'NVR_PUSHER_SHUTDOWN_TIMEOUT_MS' },
    drainMs: { doc: 'On SIGTERM/SIGINT, first drain for up to this long: take no new upstreams, keep serving the open play handles until they stop (rolling restarts). 0: stop at once.', format: 'nat', default: 0, env: 'NVR_PUSHER_SHUTDOWN_DRAIN_MS' },
  },
  cluster: clusterSchema,
  plugins: {
    doc: 'Plugins to load, in order: [{ module, enabled?, options? }]. module is a path relative to the config file or a package name.',
    format: 'plugin-list',
    default: [] as PluginEntry[],
    env: 'NVR_PUSHER_PLUGINS',
    // plugin options may hold secrets: never echo them in validation errors
    sensitive: true,
  },
};

export interface ServiceConfig {
  api: { host: string; port: number; bodyLimit: number; rateLimitPerMinute: number; token: string };
  rtmp: { publishUrl: string; playUrl: string; embedded: boolean; embeddedHttpPort: number; httpFlvUrl: string };
  sink: string;
  heartbeat: { timeoutMs: number; sweepMs: number };
  stream: {
    firstFrameTimeoutMs: number; maxStreams: number; restartMaxAttempts: number; restartDelayMs: number;
    restartMaxDelayMs: number; gopCacheMaxBytes: number; silenceTimeoutMs: number; sourceRestartMaxAttempts: number;
    playCheck: boolean; playCheckTimeoutMs: number;
  };
  playback: { maxRangeHours: number };
  login: { graceMs: number; backoffMs: number; timeoutMs: number };
  log: { level: string };
  shutdown: { timeoutMs: number; drainMs: number };
  cluster: ClusterConfig;
  plugins: PluginEntry[];
}
