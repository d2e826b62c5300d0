import type { MetricsRegistry } from './metrics-registry.js';

/** The names and help texts of the service's metrics, in one place. */
export const M = {
  requests: ['nvr_pusher_requests_total', 'API answers by endpoint and status_code'],
  loginFailures: ['nvr_pusher_login_failures_total', 'NVR logins that failed, by category'],
  logins: ['nvr_pusher_logins_total', 'NVR logins made, by category'],
  vendorErrors: ['nvr_pusher_sdk_errors_total', 'Failures carrying a vendor SDK error code, by vendor and code'],
  publishFailures: ['nvr_pusher_publish_failures_total', 'RTMP publications that failed or were dropped'],
  republishes: ['nvr_pusher_republishes_total', 'Streams re-published after the RTMP server dropped them or the play check failed'],
  playCheckFailures: ['nvr_pusher_play_check_failures_total', 'Published streams that delivered no video to a reader within stream.playCheckTimeoutMs'],
  sourceRestarts: ['nvr_pusher_source_restarts_total', 'Live NVR sessions restarted after a failure or silence'],
  expiries: ['nvr_pusher_heartbeat_expiries_total', 'Play handles stopped for lack of BEATS'],
  bytesIn: ['nvr_pusher_source_bytes_total', 'Bytes received from NVRs (ended and running streams)'],
  framesIn: ['nvr_pusher_source_frames_total', 'Frames received from NVRs (ended and running streams)'],
  streams: ['nvr_pusher_streams', 'Upstreams by kind, state and category'],
  handles: ['nvr_pusher_play_handles', 'Open play handles'],
  poolLogins: ['nvr_pusher_nvr_logins', 'NVR logins held by the login pool'],
  liveBytes: ['nvr_pusher_live_source_bytes', 'Bytes received by the running upstreams'],
  droppedFrames: ['nvr_pusher_sink_dropped_frames', 'Frames the running sinks dropped under back-pressure'],
  // cluster mode (core/cluster): absent without cluster.redisUrl
  clusterForwards: ['nvr_pusher_cluster_forwards_total', 'Requests forwarded to another cluster node, by endpoint and outcome'],
  clusterNodes: ['nvr_pusher_cluster_nodes', 'Live nodes of the cluster (as of this node\'s last refresh)'],
  clusterStreams: ['nvr_pusher_cluster_streams', 'Upstreams across the cluster (sum of the nodes\' last refreshes)'],
  clusterHandles: ['nvr_pusher_cluster_play_handles', 'Play handles across the cluster (sum of the nodes\' last refreshes)'],
  clusterLeases: ['nvr_pusher_cluster_nvr_leases', 'NVR accounts this node owns'],
  redisUp: ['nvr_pusher_cluster_redis_up', '1 while this node is connected to the cluster\'s Redis'],
} as const;

export type MetricName = keyof typeof M;

export function inc(r: MetricsRegistry | undefined, m: MetricName, labels: Record<string, string | number> = {}, by = 1): void {
  r?.inc(M[m][0], M[m][1], labels, by);
}

/** A counter whose value is a running total computed at scrape time (see MetricsRegistry.total). */
export function total(r: MetricsRegistry, m: MetricName, labels: Record<string, string | number>, value: number): void {
  r.total(M[m][0], M[m][1], labels, value);
}

export function gauge(r: MetricsRegistry, m: MetricName, labels: Record<string, string | number>, value: number): void {
  r.set(M[m][0], M[m][1], labels, value);
}
