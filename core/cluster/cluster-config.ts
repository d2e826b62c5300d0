/** Config keys of cluster mode (`cluster.*`), merged into the service schema. Empty `redisUrl`: one process, no Redis. */
export interface ClusterConfig {
  redisUrl: string;
  nodeId: string;
  advertiseUrl: string;
  keyPrefix: string;
  nodeTtlMs: number;
  commandTimeoutMs: number;
  forwardTimeoutMs: number;
}

export const clusterSchema = {
  redisUrl: {
    doc: 'Redis shared by the nodes of a cluster (redis://[:password@]host:port/db). Empty: a single process, no Redis at all.',
    format: 'redis-url', default: '', env: 'NVR_PUSHER_CLUSTER_REDIS_URL', sensitive: true,
  },
  nodeId: { doc: 'This node\'s name in the cluster, unique. Empty: <host name>-<pid>.', format: String, default: '', env: 'NVR_PUSHER_CLUSTER_NODE_ID' },
  advertiseUrl: {
    doc: 'How the other nodes reach this node\'s API, e.g. http://10.0.0.5:8090. Empty: the address the API listens on (only right when that is not 0.0.0.0).',
    format: 'http-url', default: '', env: 'NVR_PUSHER_CLUSTER_ADVERTISE_URL',
  },
  keyPrefix: { doc: 'Prefix of every Redis key of this cluster (several clusters can share one Redis).', format: String, default: 'nvr-pusher:', env: 'NVR_PUSHER_CLUSTER_KEY_PREFIX' },
  nodeTtlMs: {
    doc: 'A node that stops refreshing its Redis entries for this long is dead: its handles answer 605 and its NVRs can open elsewhere. Refreshed every third of it; at most heartbeat.timeoutMs.',
    format: 'nat', default: 10000, env: 'NVR_PUSHER_CLUSTER_NODE_TTL_MS',
  },
  commandTimeoutMs: { doc: 'Longest wait for one Redis command; beyond it the request that needed it answers an error.', format: 'nat', default: 1000, env: 'NVR_PUSHER_CLUSTER_COMMAND_TIMEOUT_MS' },
  forwardTimeoutMs: {
    doc: 'Longest wait for a node a request was forwarded to (REAL_STREAM waits for the NVR login and the first key frame there).',
    format: 'nat', default: 40000, env: 'NVR_PUSHER_CLUSTER_FORWARD_TIMEOUT_MS',
  },
};
