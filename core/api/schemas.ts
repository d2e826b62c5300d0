/** JSON schemas of the six endpoints (API.md). They drive validation and the OpenAPI document. */

const TIME = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$', description: 'NVR wall-clock time, YYYY-MM-DD HH:mm:ss' } as const;

const nvrFields = {
  nvr_category: { type: 'integer', minimum: 0, maximum: 65535, description: '0 Hikvision, 1 Dahua; further numbers per source plugin' },
  nvr_addr: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9.:\\-\\[\\]_%]+$', description: 'NVR address (IP or host name)' },
  nvr_port: { type: 'integer', minimum: 1, maximum: 65535, description: 'NVR SDK port (Hikvision 8000, Dahua 37777)' },
  nvr_user: { type: 'string', minLength: 1, maxLength: 64 },
  nvr_pwd: { type: 'string', maxLength: 64, description: 'Never logged or echoed' },
  nvr_channel: { type: 'integer', minimum: 0, maximum: 65535, description: 'Channel as the NVR numbers it' },
} as const;

const NVR_REQUIRED = ['nvr_category', 'nvr_addr', 'nvr_port', 'nvr_user', 'nvr_pwd', 'nvr_channel'] as const;

export const statusOnly = {
  type: 'object',
  properties: { status_code: { type: 'integer' }, status_message: { type: 'string' } },
  required: ['status_code', 'status_message'],
} as const;

export const realStreamBody = { type: 'object', properties: nvrFields, required: NVR_REQUIRED } as const;

export const backStreamBody = {
  type: 'object',
  properties: { ...nvrFields, startTime: TIME, endTime: TIME },
  required: [...NVR_REQUIRED, 'startTime', 'endTime'],
} as const;

export const positionBody = { type: 'object', properties: { pos_time: TIME }, required: ['pos_time'] } as const;

export const ptzBody = {
  type: 'object',
  properties: {
    command: { type: 'integer', minimum: 0, maximum: 13, description: 'API.md PTZ command table' },
    duration: { type: ['integer', 'null'], minimum: 100, maximum: 1000, description: 'ms, default 200' },
  },
  required: ['command'],
} as const;

export const handleParams = {
  type: 'object',
  properties: { play_handle: { type: 'string', description: 'play_handle from REAL_STREAM/BACK_STREAM' } },
  required: ['play_handle'],
} as const;

export const streamStarted = {
  type: 'object',
  properties: { ...statusOnly.properties, rtmp_url: { type: 'string' }, play_handle: { type: 'integer' } },
  required: ['status_code', 'status_message'],
} as const;

export const playbackStarted = {
  type: 'object',
  properties: {
    ...streamStarted.properties,
    start_time: TIME,
    stop_time: TIME,
    record_files: {
      type: 'array',
      items: {
        type: 'object',
        properties: { file_name: { type: 'string' }, file_size: { type: 'integer' }, start_time: TIME, stop_time: TIME },
      },
    },
  },
  required: ['status_code', 'status_message'],
} as const;
