/** Response schema of GET /api/streams (drives serialisation and the OpenAPI document: every field is listed). */
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const str = { type: 'string' } as const;
const nullable = <T extends object>(s: T) => ({ ...s, nullable: true }) as const;

const handle = {
  type: 'object',
  properties: {
    play_handle: int,
    last_beat_s_ago: { ...num, description: 'Seconds since this handle\'s last BEATS (or its start)' },
  },
} as const;

export const streamView = {
  type: 'object',
  properties: {
    stream_key: str,
    kind: { type: 'string', enum: ['live', 'playback'] },
    state: { type: 'string', description: 'Upstream lifecycle state: starting, running, republishing, recovering, stopped' },
    nvr: {
      type: 'object',
      description: 'The NVR and channel (never the credentials)',
      properties: { category: int, addr: str, port: int, channel: int, plugin: str },
    },
    rtmp_url: str,
    http_flv_url: nullable({ ...str, description: 'Where a browser plays it (rtmp.httpFlvUrl); null when no HTTP-FLV server is known' }),
    handles: { type: 'array', items: handle },
    video: nullable({ type: 'object', properties: { codec: str, width: int, height: int } }),
    audio: nullable({ type: 'object', properties: { codec: str, sample_rate: int, channels: int } }),
    bitrate_in_kbps: { ...num, description: 'From the NVR, over the last seconds' },
    fps_in: { ...num, description: 'Video frames per second from the NVR (0 when the sink reads the container itself)' },
    bytes_in: int,
    frames_in: int,
    frames_dropped: { ...int, description: 'Dropped by the sink under back-pressure' },
    republishes: int,
    source_restarts: int,
    uptime_s: num,
    start_time: { ...str, description: 'Playback only: start of the range played (NVR local time)' },
    stop_time: { ...str, description: 'Playback only: end of the range played' },
    node: { ...str, description: 'Cluster mode only: the pusher node carrying the stream' },
  },
} as const;

export const streamsReply = {
  type: 'object',
  properties: {
    status_code: int,
    status_message: str,
    streams: { type: 'array', items: streamView },
  },
  required: ['status_code', 'status_message', 'streams'],
} as const;
