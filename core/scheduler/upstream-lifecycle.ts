/**
 * The lifecycle of one upstream (NVR source session + RTMP sink session under one stream key), as one table:
 * every event has an entry in every state. `Upstream` changes state only through {@link nextStep}.
 *
 * The source side (recovering a failed/silent live NVR session) and the sink side (re-publishing a dropped RTMP
 * publication) can be degraded at the same time: `recovering+republishing` is that overlap, so a sink failure
 * while the source recovers is re-published, and a source failure while re-publishing is recovered (a raw-mode
 * re-publish would otherwise wait for a key frame from a dead source).
 */

export type UpstreamState = 'starting' | 'running' | 'republishing' | 'recovering' | 'recovering+republishing' | 'stopped';

export type UpstreamEvent =
  /** The source delivered bytes or a frame. */
  | 'source-data'
  /** The source session failed, ended early or went silent (live: recover it; playback: the end). */
  | 'source-failed'
  /** The current sink session's publication was dropped by the server. */
  | 'sink-failed'
  /** The current sink session put its first key frame on the wire (start or re-publish). */
  | 'published'
  /** A new NVR session replaced the failed one. */
  | 'source-restarted'
  /** The login was renewed during a source restart (the NVR may have rebooted). */
  | 'relogin'
  /** The last play handle of the stream missed its heartbeats. */
  | 'heartbeat-expired'
  /** STOP of the last handle, shutdown, or a give-up (re-publish/restart attempts exhausted, end of recording). */
  | 'stop';

export type UpstreamAction =
  /** Nothing to do (stale event, or already being handled by a running loop). */
  | 'none'
  /** Start failed: answer the request with the error and release. */
  | 'fail-start'
  /** Begin re-publishing the sink on the same key with back-off. */
  | 'republish'
  /** Begin restarting the live source session (or end a playback). */
  | 'recover-source'
  /** Release everything. */
  | 'release';

export interface Step {
  readonly to: UpstreamState;
  readonly action: UpstreamAction;
}

const stay = (s: UpstreamState): Step => ({ to: s, action: 'none' });
const release: Step = { to: 'stopped', action: 'release' };

export const UPSTREAM_LIFECYCLE: Readonly<Record<UpstreamState, Readonly<Record<UpstreamEvent, Step>>>> = {
  starting: {
    'source-data': stay('starting'),
    'source-failed': { to: 'stopped', action: 'fail-start' },
    'sink-failed': stay('starting'), // before `published` a sink failure rejects `published` (the start answers it)
    published: { to: 'running', action: 'none' },
    'source-restarted': stay('starting'),
    relogin: stay('starting'),
    'heartbeat-expired': stay('starting'), // no handle exists before the start answered
    stop: release,
  },
  running: {
    'source-data': stay('running'),
    'source-failed': { to: 'recovering', action: 'recover-source' },
    'sink-failed': { to: 'republishing', action: 'republish' },
    published: stay('running'),
    'source-restarted': stay('running'),
    relogin: stay('running'),
    'heartbeat-expired': release,
    stop: release,
  },
  republishing: {
    'source-data': stay('republishing'),
    'source-failed': { to: 'recovering+republishing', action: 'recover-source' },
    'sink-failed': stay('republishing'), // the re-publish loop handles its own attempts
    published: { to: 'running', action: 'none' },
    'source-restarted': stay('republishing'),
    relogin: stay('republishing'),
    'heartbeat-expired': release,
    stop: release,
  },
  recovering: {
    'source-data': stay('recovering'),
    'source-failed': stay('recovering'), // the restart loop handles its own attempts
    'sink-failed': { to: 'recovering+republishing', action: 'republish' },
    published: stay('recovering'),
    'source-restarted': { to: 'running', action: 'none' },
    relogin: stay('recovering'),
    'heartbeat-expired': release,
    stop: release,
  },
  'recovering+republishing': {
    'source-data': stay('recovering+republishing'),
    'source-failed': stay('recovering+republishing'),
    'sink-failed': stay('recovering+republishing'),
    published: { to: 'recovering', action: 'none' },
    'source-restarted': { to: 'republishing', action: 'none' },
    relogin: stay('recovering+republishing'),
    'heartbeat-expired': release,
    stop: release,
  },
  stopped: {
    'source-data': stay('stopped'),
    'source-failed': stay('stopped'),
    'sink-failed': stay('stopped'),
    published: stay('stopped'),
    'source-restarted': stay('stopped'),
    relogin: stay('stopped'),
    'heartbeat-expired': stay('stopped'),
    stop: stay('stopped'),
  },
};

export const UPSTREAM_STATES = Object.keys(UPSTREAM_LIFECYCLE) as UpstreamState[];
export const UPSTREAM_EVENTS = Object.keys(UPSTREAM_LIFECYCLE.running) as UpstreamEvent[];

/** The table's step for `event` in `state`. */
export const nextStep = (state: UpstreamState, event: UpstreamEvent): Step => UPSTREAM_LIFECYCLE[state][event];

/** A read-only view of one upstream for consoles and metrics. */
export interface UpstreamView {
  readonly state: UpstreamState;
  /** Clock time (monotonic ms) the current state was entered. */
  readonly stateSince: number;
  /** Clock time the upstream was created. */
  readonly createdAt: number;
  readonly republishCount: number;
  readonly sourceRestartCount: number;
}
